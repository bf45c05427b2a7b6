package dev.jinn.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jinn.ir.Model;
import dev.jinn.testing.BackendCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        assertTrue(models.size() > 1900, "expected the full backend test data, found " + models.size() + " models");

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
}
