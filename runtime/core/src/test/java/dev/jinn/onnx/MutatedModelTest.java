package dev.jinn.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jinn.JinnException;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Model;
import dev.jinn.testing.BackendCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Real models with random bytes changed: whatever the damage, loading them and creating a session
 * either works or ends in a Jinn exception, never another exception or a JVM error.
 */
class MutatedModelTest {
    private static final List<String> CASES = List.of("test_layer_normalization_4d_axis0", "test_if", "test_loop11",
            "test_scan9_sum", "test_sequence_map_add_2_sequences", "test_constant", "test_constantofshape_int_zeros",
            "test_gemm_default_matrix_bias", "test_softmax_example_expanded", "test_optional_get_element_sequence");
    private static final int MUTATIONS = 2000;

    @Test
    void mutatedModelsFailOnlyWithJinnExceptions() throws IOException {
        Random rnd = new Random(1234);
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (String name : CASES) {
            Path model = BackendCase.root().resolve("node").resolve(name).resolve("model.onnx");
            byte[] original = Files.readAllBytes(model);
            for (int m = 0; m < MUTATIONS; m++) {
                byte[] bytes = original.clone();
                int edits = 1 + rnd.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    int at = rnd.nextInt(bytes.length);
                    bytes[at] = switch (rnd.nextInt(3)) {
                        case 0 -> (byte) (bytes[at] ^ (1 << rnd.nextInt(8)));
                        case 1 -> (byte) rnd.nextInt(256);
                        default -> (byte) (rnd.nextBoolean() ? 0x7F : 0xFF);
                    };
                }
                String label = name + "#" + m;
                try {
                    Model loaded = ModelLoader.load(bytes, label);
                    try (Session s = Session.create(loaded, SessionOptions.defaults().withThreads(1))) {
                        outcomes.merge("session", 1, Integer::sum);
                    }
                } catch (JinnException e) {
                    outcomes.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    if (!e.getMessage().contains("'" + label + "'")) failures.add(label + ": message does not name the model: " + e.getMessage());
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                    StackTraceElement[] st = e.getStackTrace();
                    failures.add(label + ": " + e + (st.length > 0 ? " at " + st[0] : ""));
                }
            }
        }
        // Both paths are exercised: damage that is caught, and damage that leaves a valid model.
        assertTrue(outcomes.getOrDefault("MalformedModelException", 0) > 0 && outcomes.getOrDefault("session", 0) > 0,
                outcomes.toString());
        if (!failures.isEmpty()) fail(failures.size() + " mutated models escaped:\n" + String.join("\n", failures.subList(0, Math.min(50, failures.size()))));
    }
}
