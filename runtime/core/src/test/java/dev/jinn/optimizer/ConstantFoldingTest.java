package dev.jinn.optimizer;

import static dev.jinn.optimizer.OptimizerTesting.assertSameOutputs;
import static dev.jinn.optimizer.OptimizerTesting.counts;
import static dev.jinn.optimizer.OptimizerTesting.load;
import static dev.jinn.optimizer.OptimizerTesting.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jinn.ir.Model;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.proto.Onnx.GraphProto;
import dev.jinn.onnx.proto.Onnx.NodeProto;
import dev.jinn.ops.OpRegistry;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstantFoldingTest {
    private static Model fold(Model m, long budget) {
        return Optimizer.optimize(m, OpRegistry.standard(), budget, List.of(new ConstantFolding(), new DeadCodeElimination()));
    }

    /** The shape arithmetic exporters write for a flatten: Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1])). */
    static ModelBuilder flatten(Object... xDims) {
        return new ModelBuilder("flatten").opset("", 13)
                .input("x", DataType.FLOAT, xDims).output("y", DataType.FLOAT, xDims[0], "rest")
                .node("Shape", List.of("x"), List.of("shape"), Map.of())
                .node("Constant", List.of(), List.of("zero"), Map.of("value", Tensor.scalar(0L)))
                .node("Gather", List.of("shape", "zero"), List.of("batch"), Map.of("axis", 0))
                .node("Constant", List.of(), List.of("axes"), Map.of("value", Tensor.of(new long[] {0}, 1)))
                .node("Unsqueeze", List.of("batch", "axes"), List.of("batch1"), Map.of())
                .node("Constant", List.of(), List.of("minus1"), Map.of("value", Tensor.of(new long[] {-1}, 1)))
                .node("Concat", List.of("batch1", "minus1"), List.of("target"), Map.of("axis", 0))
                .node("Reshape", List.of("x", "target"), List.of("y"), Map.of());
    }

    @Test
    void foldsShapeArithmeticOverStaticInputDims() {
        Model before = load(flatten(2, 3, 4));
        Model after = fold(before, Long.MAX_VALUE);
        assertEquals(Map.of("Reshape", 1), counts(after));
        Tensor target = after.graph().initializers().get("target");
        assertNotNull(target, "the Reshape's shape is an initializer");
        assertArrayEquals(new long[] {2, -1}, target.longs());
        var y = assertSameOutputs(before, after, Map.of("x", random(1, 2, 3, 4)), 0, 0).get(0);
        assertArrayEquals(new int[] {2, 12}, y.shape());
    }

    @Test
    void keepsShapeOfSymbolicDimsButFoldsTheConstants() {
        Model before = load(flatten("batch", 3, 4));
        Model after = fold(before, Long.MAX_VALUE);
        assertEquals(Map.of("Concat", 1, "Gather", 1, "Reshape", 1, "Shape", 1, "Unsqueeze", 1), counts(after));
        assertEquals(3, after.graph().initializers().size(), "the three Constant nodes became initializers");
    }

    @Test
    void foldsShapeWithStartAndEnd() {
        Model before = load(new ModelBuilder("shape").opset("", 15)
                .input("x", DataType.FLOAT, "n", 3, 4).output("s", DataType.INT64, 2)
                .node("Shape", List.of("x"), List.of("s"), Map.of("start", 1, "end", 3)));
        Model after = fold(before, Long.MAX_VALUE);
        assertEquals(Map.of(), counts(after));
        assertArrayEquals(new long[] {3, 4}, after.graph().initializers().get("s").longs());
    }

    @Test
    void leavesShapesItCannotComputeToTheRun() {
        // Declared dims whose product overflows, and a start of another type than INT: folding threw,
        // and the optimizer reported its own bug instead of the model's.
        Model huge = load(new ModelBuilder("size").opset("", 13)
                .input("x", DataType.FLOAT, 1L << 40, 1L << 40).output("n", DataType.INT64)
                .node("Size", List.of("x"), List.of("n"), Map.of()));
        assertSame(huge, fold(huge, Long.MAX_VALUE));
        Model floatStart = load(new ModelBuilder("shape").opset("", 15)
                .input("x", DataType.FLOAT, 2, 3).output("s", DataType.INT64)
                .node("Shape", List.of("x"), List.of("s"), Map.of("start", 1.5f)));
        assertSame(floatStart, fold(floatStart, Long.MAX_VALUE));
    }

    @Test
    void leavesResultsOverTheLoadBudget() {
        Tensor big = Tensor.zeros(DataType.FLOAT, 512, 512); // 1 MiB
        ModelBuilder b = new ModelBuilder("big").opset("", 13)
                .input("x", DataType.FLOAT, 512, 512).output("y", DataType.FLOAT, 512, 512)
                .node("Constant", List.of(), List.of("c"), Map.of("value", big))
                .node("Add", List.of("x", "c"), List.of("y"), Map.of());
        Model before = load(b);
        assertSame(before, fold(before, 512 << 10));
        Model after = fold(before, 2 << 20);
        assertEquals(Map.of("Add", 1), counts(after));
    }

    @Test
    void leavesRandomOps() {
        Model before = load(new ModelBuilder("rand").opset("", 13).output("y", DataType.FLOAT, 2, 2)
                .node("RandomNormal", List.of(), List.of("y"), Map.of("shape", new long[] {2, 2})));
        assertSame(before, fold(before, Long.MAX_VALUE));
    }

    @Test
    void leavesInitializersThatAreGraphInputs() {
        // "c" has a default but can be fed, so Identity(c) is not a constant.
        Model before = load(new ModelBuilder("override").opset("", 13)
                .input("c", DataType.FLOAT, 2).initializer("c", Tensor.of(new float[] {1, 2}, 2))
                .output("y", DataType.FLOAT, 2)
                .node("Identity", List.of("c"), List.of("y"), Map.of()));
        assertSame(before, fold(before, Long.MAX_VALUE));
    }

    @Test
    void aFoldedValueStillReachesTheSubgraphsThatReadIt() {
        GraphProto then = GraphProto.newBuilder().setName("then")
                .addNode(NodeProto.newBuilder().setOpType("Identity").addInput("c").addOutput("t"))
                .addOutput(ModelBuilder.valueInfo("t", DataType.FLOAT, 1)).build();
        GraphProto otherwise = GraphProto.newBuilder().setName("else")
                .addNode(NodeProto.newBuilder().setOpType("Neg").addInput("c").addOutput("e"))
                .addOutput(ModelBuilder.valueInfo("e", DataType.FLOAT, 1)).build();
        Model before = load(new ModelBuilder("if").opset("", 13)
                .input("cond", DataType.BOOL).output("y", DataType.FLOAT, 1)
                .node("Constant", List.of(), List.of("c"), Map.of("value", Tensor.of(new float[] {5}, 1)))
                .node("If", List.of("cond"), List.of("y"), Map.of("then_branch", then, "else_branch", otherwise)));
        Model after = fold(before, Long.MAX_VALUE);
        assertEquals(Map.of("If", 1), counts(after));
        for (boolean cond : new boolean[] {true, false}) {
            var y = assertSameOutputs(before, after, Map.of("cond", Tensor.of(new boolean[] {cond})), 0, 0).get(0);
            assertArrayEquals(new float[] {cond ? 5 : -5}, y.floats());
        }
    }

    @Test
    void foldsAnIdentityOfAConstant() {
        Model before = load(new ModelBuilder("id").opset("", 13)
                .initializer("c", Tensor.of(new float[] {1, 2}, 2)).output("y", DataType.FLOAT, 2)
                .node("Identity", List.of("c"), List.of("y"), Map.of()));
        Model after = fold(before, Long.MAX_VALUE);
        assertEquals(Map.of(), counts(after));
        assertArrayEquals(new float[] {1, 2}, OptimizerTesting.run(after, Map.of()).get("y").floats());
    }
}
