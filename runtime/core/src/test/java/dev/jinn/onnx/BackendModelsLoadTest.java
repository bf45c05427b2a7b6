package dev.jinn.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jinn.ir.Dim;
import dev.jinn.ir.Model;
import dev.jinn.ir.ValueInfo;
import dev.jinn.ir.ValueType;
import dev.jinn.onnx.proto.Onnx.TensorProto;
import dev.jinn.tensor.Tensor;
import dev.jinn.testing.BackendCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every model in ONNX's backend test data is a valid model, so the loader and checker must accept
 * all of them. Failures are collected and reported together rather than stopping at the first.
 */
class BackendModelsLoadTest {
    @Test
    void everyBackendModelLoads() throws IOException {
        List<Path> models = new ArrayList<>();
        for (String suite : List.of("node", "pytorch-converted", "pytorch-operator", "simple")) {
            Path dir = BackendCase.root().resolve(suite);
            assertTrue(Files.isDirectory(dir), "no test data at " + dir);
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.resolve("model.onnx")).filter(Files::isRegularFile).sorted().forEach(models::add);
            }
        }
        try (Stream<Path> s = Files.list(BackendCase.root().resolve("light"))) {
            s.filter(p -> p.getFileName().toString().endsWith(".onnx")).sorted().forEach(models::add);
        }
        assertTrue(models.size() >= 1951, "expected the full backend test data, found " + models.size() + " models");

        List<String> failures = new ArrayList<>();
        for (Path m : models) {
            try {
                Model model = ModelLoader.load(m);
                if (model.graph().outputs().isEmpty()) failures.add(m + ": loaded without outputs");
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                failures.add(m + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + models.size() + " backend models fail to load:\n" + String.join("\n", failures));
        }
    }

    /**
     * Every tensor-typed input and output of every node case reads, and agrees with the type the
     * model declares for it: the dtype, the rank and each fixed dim.
     */
    @Test
    void everyBackendTensorReadsAsDeclared() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(BackendCase.root().resolve("node"))) {
            cases = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        int tensors = 0;
        for (Path c : cases) {
            Model model = ModelLoader.load(c.resolve("model.onnx"));
            List<Path> sets;
            try (Stream<Path> s = Files.list(c)) {
                sets = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
            }
            for (Path set : sets) {
                List<ValueInfo> inputs = model.graph().requiredInputs();
                for (int i = 0; i < inputs.size(); i++) {
                    tensors += check(set.resolve("input_" + i + ".pb"), inputs.get(i), failures);
                }
                for (int i = 0; i < model.graph().outputs().size(); i++) {
                    tensors += check(set.resolve("output_" + i + ".pb"), model.graph().outputs().get(i), failures);
                }
            }
        }
        assertTrue(tensors > 6000, "expected the full node test data, read " + tensors + " tensors");
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + tensors + " backend tensors fail:\n" + String.join("\n", failures));
        }
    }

    private static int check(Path pb, ValueInfo declared, List<String> failures) throws IOException {
        // Sequence, optional and map values are stored as other protos; absent optional inputs have no file.
        if (!(declared.type() instanceof ValueType.TensorType type) || !Files.isRegularFile(pb)) return 0;
        try {
            Tensor t = TensorProtos.read(TensorProto.parseFrom(Files.readAllBytes(pb)), pb.toString(), Long.MAX_VALUE);
            if (type.elem() != null && type.elem() != t.dtype()) {
                failures.add(pb + ": declared " + type + ", read " + t);
            } else if (type.shape() != null) {
                boolean ok = type.shape().size() == t.rank();
                for (int d = 0; ok && d < t.rank(); d++) {
                    Dim dim = type.shape().get(d);
                    ok = !dim.isFixed() || dim.value() == t.dim(d);
                }
                if (!ok) failures.add(pb + ": declared " + type + ", read shape " + Arrays.toString(t.shape()));
            }
        } catch (RuntimeException e) {
            failures.add(pb + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return 1;
    }
}
