package dev.jinn.optimizer;

import static dev.jinn.optimizer.OptimizerTesting.assertSameOutputs;
import static dev.jinn.optimizer.OptimizerTesting.assertUnchanged;
import static dev.jinn.optimizer.OptimizerTesting.counts;
import static dev.jinn.optimizer.OptimizerTesting.load;
import static dev.jinn.optimizer.OptimizerTesting.random;
import static dev.jinn.optimizer.OptimizerTesting.rewrite;
import static dev.jinn.optimizer.OptimizerTesting.run;
import static dev.jinn.testing.Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinn.ir.Domains;
import dev.jinn.ir.Model;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Conv followed by an activation, before and after the fusion, against a double-precision reference. */
class ConvEpilogueFusionTest {
    private static final int C = 5, M = 7, H = 6, W = 9;

    /** A 1x1 Conv with bias (its reference is a plain product) whose output goes to {@code act}. */
    static ModelBuilder model(String act, Map<String, Object> attrs, List<String> extraInputs) {
        ModelBuilder b = new ModelBuilder("conv_act").opset("", 13)
                .input("x", DataType.FLOAT, 2, C, H, W).output("y", DataType.FLOAT, 2, M, H, W)
                .initializer("w", random(21, M, C, 1, 1)).initializer("b", random(22, M))
                .node("Conv", List.of("x", "w", "b"), List.of("c"), Map.of("kernel_shape", new int[] {1, 1}));
        List<String> in = new java.util.ArrayList<>(List.of("c"));
        in.addAll(extraInputs);
        return b.node(act, in, List.of("y"), attrs);
    }

    static Tensor reference(Model m, Tensor x, DoubleUnaryOperator act) {
        return reference(m, x, null, act);
    }

    /** The 1x1 Conv in double, plus {@code z} (broadcast over [2, M, H, W] from its own shape) when given, then {@code act}. */
    static Tensor reference(Model m, Tensor x, Tensor z, DoubleUnaryOperator act) {
        float[] w = m.graph().initializers().get("w").floats(), b = m.graph().initializers().get("b").floats();
        float[] y = new float[2 * M * H * W];
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < M; o++) {
                for (int p = 0; p < H * W; p++) {
                    double s = b[o];
                    for (int c = 0; c < C; c++) s += (double) w[o * C + c] * x.floats()[(n * C + c) * H * W + p];
                    if (z != null) s += z.floats()[zIndex(z.shape(), n, o, p)];
                    y[(n * M + o) * H * W + p] = (float) act.applyAsDouble(s);
                }
            }
        }
        return Tensor.of(y, 2, M, H, W);
    }

    /** Element [n, o, p / W, p % W] of a Z whose dims are each 1 or Y's. */
    private static int zIndex(int[] zs, int n, int o, int p) {
        int[] at = {n, o, p / W, p % W};
        int idx = 0;
        for (int d = 0; d < 4; d++) idx = idx * zs[d] + (zs[d] == 1 ? 0 : at[d]);
        return idx;
    }

    /** Conv -> Add(c, r) or Add(r, c) or Sum(c, r) [-> act]; r a graph input of shape {@code rShape}. */
    private static ModelBuilder residual(String addOp, boolean convFirst, String act, int... rShape) {
        ModelBuilder b = new ModelBuilder("conv_add").opset("", 13)
                .input("x", DataType.FLOAT, 2, C, H, W).input("r", DataType.FLOAT, java.util.Arrays.stream(rShape).boxed().toArray()).output("y", DataType.FLOAT, 2, M, H, W)
                .initializer("w", random(21, M, C, 1, 1)).initializer("b", random(22, M))
                .node("Conv", List.of("x", "w", "b"), List.of("c"), Map.of("kernel_shape", new int[] {1, 1}))
                .node(addOp, convFirst ? List.of("c", "r") : List.of("r", "c"), List.of(act == null ? "y" : "s"), Map.of());
        return act == null ? b : b.node(act, List.of("s"), List.of("y"), Map.of());
    }

    private static void fusesResidual(ModelBuilder mb, int[] rShape, DoubleUnaryOperator act) {
        Model before = load(mb);
        Model after = rewrite(before, new ConvEpilogueFusion());
        assertEquals(Map.of("FusedConv", 1), counts(after));
        Tensor x = random(23, 2, C, H, W), r = random(24, rShape);
        assertClose(reference(before, x, r, act), run(after, Map.of("x", x, "r", r)).get(0), 1e-5, 1e-5, "FusedConv with Z vs double reference");
        assertClose(reference(before, x, r, act), run(before, Map.of("x", x, "r", r)).get(0), 1e-5, 1e-5, "unfused vs double reference");
    }

    @Test
    void fusesAResidualAddAndTheReluAfterIt() {
        int[] full = {2, M, H, W};
        fusesResidual(residual("Add", true, "Relu", full), full, v -> Math.max(v, 0));
        fusesResidual(residual("Add", false, "Relu", full), full, v -> Math.max(v, 0));
        fusesResidual(residual("Sum", true, "Relu", full), full, v -> Math.max(v, 0));
        fusesResidual(residual("Add", true, null, full), full, v -> v);
    }

    @Test
    void aResidualThatBroadcastsIsAddedAfterTheConvolution() {
        int[] perChannel = {1, M, 1, 1};
        fusesResidual(residual("Add", true, "Relu", perChannel), perChannel, v -> Math.max(v, 0));
        fusesResidual(residual("Add", false, null, perChannel), perChannel, v -> v);
    }

    @Test
    void leavesAnAddOfTheConvWithItself() {
        ModelBuilder mb = new ModelBuilder("conv_add").opset("", 13)
                .input("x", DataType.FLOAT, 2, C, H, W).output("y", DataType.FLOAT, 2, M, H, W)
                .initializer("w", random(21, M, C, 1, 1))
                .node("Conv", List.of("x", "w"), List.of("c"), Map.of("kernel_shape", new int[] {1, 1}))
                .node("Add", List.of("c", "c"), List.of("y"), Map.of());
        Model before = load(mb);
        assertUnchanged(before, rewrite(before, new ConvEpilogueFusion()));
    }

    private static void fusesAndMatches(ModelBuilder mb, DoubleUnaryOperator act) {
        Model before = load(mb);
        Model after = rewrite(before, new ConvEpilogueFusion());
        assertEquals(Map.of("FusedConv", 1), counts(after));
        assertEquals(Domains.JINN, after.graph().nodes().get(0).domain());
        Tensor x = random(23, 2, C, H, W);
        assertClose(reference(before, x, act), run(after, Map.of("x", x)).get(0), 1e-5, 1e-5, "FusedConv vs double reference");
        assertSameOutputs(before, after, Map.of("x", x), 1e-6, 1e-6);
    }

    @Test
    void fusesRelu() {
        fusesAndMatches(model("Relu", Map.of(), List.of()), v -> Math.max(v, 0));
    }

    @Test
    void fusesLeakyReluWithItsAlpha() {
        fusesAndMatches(model("LeakyRelu", Map.of("alpha", 0.3f), List.of()), v -> v < 0 ? 0.3 * v : v);
    }

    @Test
    void fusesSigmoidTanhAndHardSigmoid() {
        fusesAndMatches(model("Sigmoid", Map.of(), List.of()), v -> 1 / (1 + Math.exp(-v)));
        fusesAndMatches(model("Tanh", Map.of(), List.of()), Math::tanh);
        fusesAndMatches(model("HardSigmoid", Map.of("alpha", 0.25f, "beta", 0.4f), List.of()),
                v -> Math.min(Math.max(0.25 * v + 0.4, 0), 1));
    }

    @Test
    void fusesAClipWithConstantBoundsAsRelu6() {
        ModelBuilder mb = model("Clip", Map.of(), List.of("lo", "hi")).initializer("lo", Tensor.scalar(0f))
                .initializer("hi", Tensor.scalar(6f));
        fusesAndMatches(mb, v -> Math.min(Math.max(v, 0), 6));
    }

    @Test
    void leavesAClipWithABoundComputedAtRunTime() {
        ModelBuilder mb = model("Clip", Map.of(), List.of("lo")).input("lo", DataType.FLOAT);
        Model before = load(mb);
        assertUnchanged(before, rewrite(before, new ConvEpilogueFusion()));
    }

    @Test
    void leavesAConvWhoseOutputIsAlsoReadElsewhere() {
        ModelBuilder mb = model("Relu", Map.of(), List.of()).output("c", DataType.FLOAT, 2, M, H, W);
        Model before = load(mb);
        assertUnchanged(before, rewrite(before, new ConvEpilogueFusion()));
    }
}
