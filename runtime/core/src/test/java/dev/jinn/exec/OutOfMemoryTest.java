package dev.jinn.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jinn.ResourceLimitException;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run that the heap cannot hold fails with a ResourceLimitException, and the session runs on. */
class OutOfMemoryTest {
    @Test
    void aRunThatRunsOutOfHeapFailsCleanlyAndTheSessionRunsSmallerInputsAfterwards() {
        // One float array just over the whole heap, but within a Java array's length and the run budget.
        long max = Runtime.getRuntime().maxMemory();
        long floats = max / 4 + (1 << 20);
        assumeTrue(floats < Integer.MAX_VALUE - 8, "the heap (" + max + " bytes) is too large for one array to exceed it");
        byte[] model = new ModelBuilder("g").opset("", 17)
                .input("shape", DataType.INT64, 2)
                .node("ConstantOfShape", List.of("shape"), List.of("c"), Map.of("value", Tensor.of(new float[] {1.5f}, 1)))
                .node("Relu", List.of("c"), List.of("r"), Map.of())
                .node("Neg", List.of("r"), List.of("y"), Map.of())
                .output("y", DataType.FLOAT, "a", "b")
                .toBytes();
        try (Session s = Session.create(ModelLoader.load(model, "oom.onnx"), SessionOptions.defaults())) {
            Map<String, Tensor> small = Map.of("shape", Tensor.of(new long[] {3, 4}, 2));
            checkSmall(s.run(small));
            checkSmall(s.run(small));
            // Same input shape, so the run follows the small run's plan until the size differs.
            ResourceLimitException e = assertThrows(ResourceLimitException.class,
                    () -> s.run(Map.of("shape", Tensor.of(new long[] {floats / 2, 2}, 2))));
            assertTrue(e.getMessage().startsWith("model 'oom.onnx', node 'ConstantOfShape_0' (ConstantOfShape): out of memory"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("asking for " + 4 * (floats / 2 * 2) + " bytes"), e.getMessage());
            for (int run = 0; run < 3; run++) checkSmall(s.run(small));
        }
    }

    private static void checkSmall(Result r) {
        float[] y = r.get("y").floats();
        assertEquals(12, y.length);
        for (float v : y) assertEquals(-1.5f, v);
    }
}
