package dev.jinn.optimizer;

import static dev.jinn.optimizer.OptimizerTesting.assertUnchanged;
import static dev.jinn.optimizer.OptimizerTesting.counts;
import static dev.jinn.optimizer.OptimizerTesting.load;
import static dev.jinn.optimizer.OptimizerTesting.random;
import static dev.jinn.optimizer.OptimizerTesting.rewrite;
import static dev.jinn.optimizer.OptimizerTesting.run;
import static dev.jinn.testing.Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinn.ir.Model;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conv, ConvTranspose and Gemm followed by BatchNormalization: folded, and against a double-precision reference. */
class BatchNormFoldingTest {
    private static final float EPS = 1e-3f;

    /** BN's scale, B, mean, var for {@code c} channels; var in [0.5, 1.5) so s stays moderate. */
    private static ModelBuilder withBn(ModelBuilder b, String in, String out, int c, boolean inputsNotConstants) {
        Tensor var = random(34, c);
        float[] v = var.floats();
        for (int i = 0; i < c; i++) v[i] = 1 + v[i] / 2;
        String[] names = {"scale", "beta", "mean", "var"};
        Tensor[] values = {random(31, c), random(32, c), random(33, c), Tensor.of(v, c)};
        for (int k = 0; k < 4; k++) {
            if (inputsNotConstants) b.input(names[k], DataType.FLOAT, c);
            b.initializer(names[k], values[k]);
        }
        return b.node("BatchNormalization", List.of(in, "scale", "beta", "mean", "var"), List.of(out), Map.of("epsilon", EPS));
    }

    /** Applies BN in double to {@code y} [N, C, ...] (or [N, C] for Gemm) using the model's statistics. */
    private static double[] bn(Model m, double[] y, int n, int c) {
        Map<String, Tensor> p = m.graph().initializers();
        int inner = y.length / n / c;
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            int o = i / inner % c;
            out[i] = (y[i] - p.get("mean").floats()[o]) / Math.sqrt(p.get("var").floats()[o] + (double) EPS)
                    * p.get("scale").floats()[o] + p.get("beta").floats()[o];
        }
        return out;
    }

    private static void foldsAndMatches(ModelBuilder mb, Map<String, Tensor> feed, double[] want, int... shape) {
        Model before = load(mb);
        Model after = rewrite(before, new BatchNormFolding());
        assertEquals(null, counts(after).get("BatchNormalization"), "BatchNormalization folded: " + counts(after));
        float[] w = new float[want.length];
        for (int i = 0; i < w.length; i++) w[i] = (float) want[i];
        assertClose(Tensor.of(w, shape), run(before, feed).get(0), 1e-5, 1e-5, "unfolded vs double reference");
        assertClose(Tensor.of(w, shape), run(after, feed).get(0), 1e-5, 1e-5, "folded vs double reference");
    }

    /** A 3x3 Conv, pad 1, group 2, [2, 4, 5, 6] -> [2, 6, 5, 6], optionally with bias. */
    @Test
    void foldsIntoAGroupedConvWithAndWithoutBias() {
        for (boolean bias : new boolean[] {true, false}) {
            int n = 2, c = 4, m = 6, h = 5, wd = 6, group = 2, cg = c / group, mg = m / group;
            ModelBuilder mb = new ModelBuilder("conv_bn").opset("", 15).input("x", DataType.FLOAT, n, c, h, wd)
                    .output("y", DataType.FLOAT, n, m, h, wd).initializer("w", random(21, m, cg, 3, 3));
            if (bias) mb.initializer("b", random(22, m));
            mb.node("Conv", bias ? List.of("x", "w", "b") : List.of("x", "w"), List.of("c"),
                    Map.of("kernel_shape", new int[] {3, 3}, "pads", new int[] {1, 1, 1, 1}, "group", group));
            withBn(mb, "c", "y", m, false);
            Model model = load(mb);
            Tensor x = random(23, n, c, h, wd);
            float[] xs = x.floats(), ws = model.graph().initializers().get("w").floats();
            double[] y = new double[n * m * h * wd];
            for (int i = 0; i < n; i++) for (int o = 0; o < m; o++) for (int r = 0; r < h; r++) for (int q = 0; q < wd; q++) {
                double s = bias ? model.graph().initializers().get("b").floats()[o] : 0;
                for (int ic = 0; ic < cg; ic++) for (int a = 0; a < 3; a++) for (int e = 0; e < 3; e++) {
                    int yy = r + a - 1, xx = q + e - 1;
                    if (yy < 0 || yy >= h || xx < 0 || xx >= wd) continue;
                    s += (double) xs[((i * c + o / mg * cg + ic) * h + yy) * wd + xx] * ws[((o * cg + ic) * 3 + a) * 3 + e];
                }
                y[((i * m + o) * h + r) * wd + q] = s;
            }
            foldsAndMatches(mb, Map.of("x", x), bn(model, y, n, m), n, m, h, wd);
        }
    }

    /** A 2x2 ConvTranspose, stride 2, group 2: W is [C, M/group, 2, 2], so output channels are the second dim. */
    @Test
    void foldsIntoAGroupedConvTranspose() {
        int n = 1, c = 4, m = 6, h = 3, wd = 4, group = 2, cg = c / group, mg = m / group;
        ModelBuilder mb = new ModelBuilder("convt_bn").opset("", 15).input("x", DataType.FLOAT, n, c, h, wd)
                .output("y", DataType.FLOAT, n, m, 2 * h, 2 * wd)
                .initializer("w", random(24, c, mg, 2, 2)).initializer("b", random(25, m))
                .node("ConvTranspose", List.of("x", "w", "b"), List.of("c"),
                        Map.of("kernel_shape", new int[] {2, 2}, "strides", new int[] {2, 2}, "group", group));
        withBn(mb, "c", "y", m, false);
        Model model = load(mb);
        Tensor x = random(26, n, c, h, wd);
        float[] xs = x.floats(), ws = model.graph().initializers().get("w").floats(), bs = model.graph().initializers().get("b").floats();
        double[] y = new double[m * 2 * h * 2 * wd];
        for (int o = 0; o < m; o++) for (int r = 0; r < 2 * h; r++) for (int q = 0; q < 2 * wd; q++) {
            double s = bs[o];
            int g = o / mg, j = o % mg;
            for (int ic = 0; ic < cg; ic++) {
                int ci = g * cg + ic;
                s += (double) xs[(ci * h + r / 2) * wd + q / 2] * ws[((ci * mg + j) * 2 + r % 2) * 2 + q % 2];
            }
            y[(o * 2 * h + r) * 2 * wd + q] = s;
        }
        foldsAndMatches(mb, Map.of("x", x), bn(model, y, n, m), n, m, 2 * h, 2 * wd);
    }

    /** Gemm [3, 5] x [5, 7] with alpha, beta and C, plain and transposed B, and without C. */
    @Test
    void foldsIntoGemmColumns() {
        int rows = 3, k = 5, cols = 7;
        for (int variant = 0; variant < 3; variant++) {
            boolean transB = variant == 1, withC = variant != 2;
            ModelBuilder mb = new ModelBuilder("gemm_bn").opset("", 15).input("a", DataType.FLOAT, rows, k)
                    .output("y", DataType.FLOAT, rows, cols)
                    .initializer("bmat", transB ? random(27, cols, k) : random(27, k, cols));
            List<String> in = new ArrayList<>(List.of("a", "bmat"));
            if (withC) {
                mb.initializer("cvec", random(28, cols));
                in.add("cvec");
            }
            mb.node("Gemm", in, List.of("g"), Map.of("alpha", 0.7f, "beta", 1.3f, "transB", transB ? 1 : 0));
            withBn(mb, "g", "y", cols, false);
            Model model = load(mb);
            Tensor a = random(29, rows, k);
            float[] bs = model.graph().initializers().get("bmat").floats();
            double[] y = new double[rows * cols];
            for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) {
                double s = withC ? 1.3 * model.graph().initializers().get("cvec").floats()[j] : 0;
                for (int e = 0; e < k; e++) s += 0.7 * a.floats()[r * k + e] * bs[transB ? j * k + e : e * cols + j];
                y[r * cols + j] = s;
            }
            foldsAndMatches(mb, Map.of("a", a), bn(model, y, rows, cols), rows, cols);
        }
    }

    @Test
    void leavesStatisticsThatAreGraphInputsAndSharedOutputs() {
        ModelBuilder overridable = new ModelBuilder("conv_bn").opset("", 15).input("x", DataType.FLOAT, 1, 2, 3, 3)
                .output("y", DataType.FLOAT, 1, 2, 3, 3).initializer("w", random(21, 2, 2, 1, 1))
                .node("Conv", List.of("x", "w"), List.of("c"), Map.of());
        withBn(overridable, "c", "y", 2, true);
        Model m = load(overridable);
        assertUnchanged(m, rewrite(m, new BatchNormFolding()));

        ModelBuilder shared = new ModelBuilder("conv_bn").opset("", 15).input("x", DataType.FLOAT, 1, 2, 3, 3)
                .output("y", DataType.FLOAT, 1, 2, 3, 3).output("c", DataType.FLOAT, 1, 2, 3, 3)
                .initializer("w", random(21, 2, 2, 1, 1))
                .node("Conv", List.of("x", "w"), List.of("c"), Map.of());
        withBn(shared, "c", "y", 2, false);
        Model s = load(shared);
        assertUnchanged(s, rewrite(s, new BatchNormFolding()));
    }
}
