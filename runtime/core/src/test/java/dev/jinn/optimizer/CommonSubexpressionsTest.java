package dev.jinn.optimizer;

import static dev.jinn.optimizer.OptimizerTesting.assertSameOutputs;
import static dev.jinn.optimizer.OptimizerTesting.counts;
import static dev.jinn.optimizer.OptimizerTesting.load;
import static dev.jinn.optimizer.OptimizerTesting.random;
import static dev.jinn.optimizer.OptimizerTesting.rewrite;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinn.ir.Model;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommonSubexpressionsTest {
    /** y = Relu(x) * k + Relu(x) * k', with k and k' equal constants under two names, and Shape(x) twice. */
    static ModelBuilder repeated() {
        return new ModelBuilder("cse").opset("", 13)
                .input("x", DataType.FLOAT, "n", 4).output("y", DataType.FLOAT, "n", 4).output("s", DataType.INT64, 2)
                .output("g1", DataType.INT64, 2)
                .initializer("k", Tensor.of(new float[] {1, 2, 3, 4}, 4))
                .initializer("k2", Tensor.of(new float[] {1, 2, 3, 4}, 4))
                .initializer("k3", Tensor.of(new float[] {1, 2, 3, -0f}, 4))
                .node("Relu", List.of("x"), List.of("r1"), Map.of())
                .node("Relu", List.of("x"), List.of("r2"), Map.of())
                .node("Mul", List.of("r1", "k"), List.of("m1"), Map.of())
                .node("Mul", List.of("r2", "k2"), List.of("m2"), Map.of())
                .node("Mul", List.of("r2", "k3"), List.of("m3"), Map.of())
                .node("Add", List.of("m1", "m2"), List.of("a"), Map.of())
                .node("Add", List.of("a", "m3"), List.of("y"), Map.of())
                .node("Shape", List.of("x"), List.of("s1"), Map.of())
                .node("Shape", List.of("x"), List.of("s"), Map.of())
                .node("Gather", List.of("s1", "idx"), List.of("g1"), Map.of("axis", 0))
                .initializer("idx", Tensor.of(new long[] {0, 1}, 2));
    }

    @Test
    void mergesRepeatedNodesAndEqualConstants() {
        Model before = load(repeated());
        Model after = rewrite(before, new CommonSubexpressions());
        // One Relu, Mul by k (k2 is k), Mul by k3 (-0 differs from 0), two Adds; the Shape that is a graph output stays.
        assertEquals(Map.of("Add", 2, "Gather", 1, "Mul", 2, "Relu", 1, "Shape", 2), counts(after));
        assertEquals(List.of("idx", "k", "k3"), after.graph().initializers().keySet().stream().sorted().toList());
        assertSameOutputs(before, after, Map.of("x", random(3, 5, 4)), 0, 0);
    }

    @Test
    void leavesRandomOps() {
        Model before = load(new ModelBuilder("rand").opset("", 13).output("y", DataType.FLOAT, 2)
                .node("RandomUniform", List.of(), List.of("a"), Map.of("shape", new long[] {2}))
                .node("RandomUniform", List.of(), List.of("b"), Map.of("shape", new long[] {2}))
                .node("Sub", List.of("a", "b"), List.of("y"), Map.of()));
        assertEquals(Map.of("RandomUniform", 2, "Sub", 1), counts(rewrite(before, new CommonSubexpressions())));
    }
}
