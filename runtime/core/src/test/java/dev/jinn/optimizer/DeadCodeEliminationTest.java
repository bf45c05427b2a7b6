package dev.jinn.optimizer;

import static dev.jinn.optimizer.OptimizerTesting.load;
import static dev.jinn.optimizer.OptimizerTesting.rewrite;
import static dev.jinn.optimizer.OptimizerTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unread nodes go; unread optional outputs are left unnamed, where that changes nothing else. */
class DeadCodeEliminationTest {
    @Test
    void unreadOptionalOutputsAreUnnamedAndSplitsPiecesStay() {
        ModelBuilder mb = new ModelBuilder("dce").opset("", 13).input("x", DataType.FLOAT, 1, 1, 4, 4)
                .output("y", DataType.FLOAT, 1, 1, 2, 2).output("p0", DataType.FLOAT, 1, 1, 2, 4)
                .node("Dropout", List.of("x"), List.of("d", "mask"), Map.of())
                .node("MaxPool", List.of("d"), List.of("y", "indices"), Map.of("kernel_shape", new int[] {2, 2}, "strides", new int[] {2, 2}))
                .node("Split", List.of("x"), List.of("p0", "p1"), Map.of("axis", 2));
        Model before = load(mb);
        Model after = rewrite(before, new DeadCodeElimination());
        Map<String, List<String>> outs = new java.util.HashMap<>();
        for (Node n : after.graph().nodes()) outs.put(n.opType(), n.outputs());
        assertEquals(Map.of("Dropout", List.of("d"), "MaxPool", List.of("y"), "Split", List.of("p0", "p1")), outs);
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) x[i] = i;
        Tensor in = Tensor.of(x, 1, 1, 4, 4);
        // Maxima of the 2x2 windows of 0..15 in rows of 4, and the first two rows.
        assertArrayEquals(new float[] {5, 7, 13, 15}, run(after, Map.of("x", in)).get(0).floats());
        assertArrayEquals(java.util.Arrays.copyOf(x, 8), run(after, Map.of("x", in)).get(1).floats());
    }
}
