package dev.jinn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.onnx.proto.Onnx.ModelProto;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.testing.BackendCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the writer makes loads back to a model the writer writes the same way, with nothing lost on the way. */
class ModelWriterTest {
    private static ModelProto roundTrip(Model m, String source) {
        ModelProto written = ModelWriter.write(m);
        Model again = ModelLoader.load(written.toByteArray(), source);
        assertEquals(written, ModelWriter.write(again), source + ": written twice differs");
        return written;
    }

    @Test
    void smallModelKeepsEverything() {
        byte[] bytes = new ModelBuilder("g").opset("", 18)
                .input("x", DataType.FLOAT, "n", 3)
                .output("y", DataType.FLOAT, "n", 3)
                .initializer("w", Tensor.of(new float[] {1, 2, 3}, 3))
                .node("", "Mul", List.of("x", "w"), List.of("m"), Map.of(), "mul")
                .node("", "Constant", List.of(), List.of("k"), Map.of("value_ints", new long[] {1, 2}), "k")
                .node("", "LayerNormalization", List.of("m", "w"), List.of("y"), Map.of("epsilon", 1e-3f, "axis", -1), "ln")
                .toBytes();
        Model once = ModelLoader.load(bytes, "g.onnx");
        roundTrip(once, "g.onnx");
        Model twice = ModelLoader.load(ModelWriter.write(once).toByteArray(), "g.onnx");
        assertEquals(once.graph().nodes().stream().map(Node::describe).toList(), twice.graph().nodes().stream().map(Node::describe).toList());
        assertEquals(1e-3f, twice.graph().nodes().get(2).attribute("epsilon").f());
        assertEquals(List.of(1L, 2L), java.util.Arrays.stream(twice.graph().nodes().get(1).attribute("value_ints").ints()).boxed().toList());
        assertEquals(once.opsets(), twice.opsets());
        assertEquals(once.graph().inputs(), twice.graph().inputs());
        assertEquals(once.graph().outputs(), twice.graph().outputs());
        assertEquals(2f, twice.graph().initializers().get("w").floats()[1]);
    }

    /** Every backend model: subgraphs, functions, sparse and typed attributes all survive. */
    @Test
    void everyBackendModelRoundTrips() throws IOException {
        Path dir = BackendCase.root().resolve("node");
        assertTrue(Files.isDirectory(dir), "no test data at " + dir);
        List<Path> models;
        try (Stream<Path> s = Files.list(dir)) {
            models = s.map(p -> p.resolve("model.onnx")).filter(Files::isRegularFile).sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        for (Path p : models) {
            try {
                Model m = ModelLoader.load(p);
                roundTrip(m, p.toString());
            } catch (RuntimeException | AssertionError e) {
                failures.add(p + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " of " + models.size() + " fail:\n" + String.join("\n", failures));
    }
}
