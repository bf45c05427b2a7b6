package dev.jinn.ops.norm;

import static dev.jinn.testing.Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jinn.InvalidInputException;
import dev.jinn.ir.Domains;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import dev.jinn.testing.OneNode;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The normalization ops through a Session against float64 references written out here, for the
 * versions, attributes, optional outputs and types that ONNX's node cases do not cover; and the
 * same results bit for bit at 1 and 4 threads.
 */
class NormOpsTest {
    private static final String[] Y = {"out0"};

    // ---- float64 references

    /** Normalizes each group of {@code len} consecutive elements; per-element scale/bias indexed by {@code param}. */
    interface Param {
        double at(int group, int index);
    }

    private static double[] groupNorm(double[] x, int len, boolean centered, double eps, Param scale, Param bias) {
        double[] y = new double[x.length];
        for (int g = 0; g < x.length / len; g++) {
            double mu = 0;
            if (centered) {
                for (int i = 0; i < len; i++) mu += x[g * len + i];
                mu /= len;
            }
            double sq = 0;
            for (int i = 0; i < len; i++) sq += (x[g * len + i] - mu) * (x[g * len + i] - mu);
            double inv = 1 / Math.sqrt(sq / len + eps);
            for (int i = 0; i < len; i++) y[g * len + i] = (x[g * len + i] - mu) * inv * scale.at(g, i) + bias.at(g, i);
        }
        return y;
    }

    private static Tensor f32(double[] v, int... shape) {
        return Tensors.fromDoubles(v, DataType.FLOAT, shape);
    }

    // ---- LayerNormalization, RMSNormalization, SimplifiedLayerNormalization

    @Test
    void layerNormFloat16AboveTwoHundredFiftySix() {
        Tensor x32 = OneNode.gaussian(1, 600, 120, 4, 96);
        Tensor x = Tensors.fromFloats(x32.toFloatArray(), DataType.FLOAT16, x32.shape());
        Tensor scale = Tensors.fromFloats(OneNode.gaussian(2, 1, 0.3, 96).toFloatArray(), DataType.FLOAT16, new int[] {96});
        Tensor bias = Tensors.fromFloats(OneNode.gaussian(3, 0, 1, 96).toFloatArray(), DataType.FLOAT16, new int[] {96});
        Tensor y = OneNode.run("LayerNormalization", 17, Map.of(), x, scale, bias)[0];
        double[] xd = Tensors.doubles(x), s = Tensors.doubles(scale), b = Tensors.doubles(bias);
        double[] ref = groupNorm(xd, 96, true, 1e-5, (g, i) -> s[i], (g, i) -> b[i]);
        assertEquals(DataType.FLOAT16, y.dtype());
        assertClose(Tensors.fromDoubles(ref, DataType.FLOAT16, x.shape()), y, 2e-3, 2e-3, "float16 layer norm");
    }

    @Test
    void layerNormBfloat16AndDouble() {
        Tensor x32 = OneNode.gaussian(4, 3, 2, 5, 33);
        double[] s = Tensors.doubles(OneNode.gaussian(5, 1, 0.2, 33));
        for (DataType t : new DataType[] {DataType.BFLOAT16, DataType.DOUBLE}) {
            Tensor x = Tensors.fromFloats(x32.toFloatArray(), t, x32.shape());
            Tensor scale = Tensors.fromDoubles(s.clone(), t, new int[] {33});
            Tensor y = OneNode.run("LayerNormalization", 17, Map.of(), x, scale)[0];
            double[] sd = Tensors.doubles(scale);
            double[] ref = groupNorm(Tensors.doubles(x), 33, true, 1e-5, (g, i) -> sd[i], (g, i) -> 0);
            double tol = t == DataType.DOUBLE ? 1e-12 : 1e-2;
            assertClose(Tensors.fromDoubles(ref, t, x.shape()), y, tol, tol, t + " layer norm");
        }
    }

    @Test
    void layerNormStashDoubleGivesDoubleStatistics() {
        Tensor x = OneNode.gaussian(6, 1e4, 0.01, 2, 3, 40);
        Tensor scale = OneNode.gaussian(7, 1, 0.1, 3, 40);
        Tensor[] out = OneNode.run(Domains.ONNX, "LayerNormalization", 17, Map.of("axis", -2, "stash_type", 11),
                new Tensor[] {x, scale}, new String[] {"y", "mean", "inv"}, 1);
        double[] xd = Tensors.doubles(x), sd = Tensors.doubles(scale);
        double[] ref = groupNorm(xd, 120, true, 1e-5, (g, i) -> sd[i], (g, i) -> 0);
        assertClose(f32(ref, 2, 3, 40), out[0], 1e-5, 1e-5, "y");
        assertEquals(DataType.DOUBLE, out[1].dtype());
        assertArrayEquals(new int[] {2, 1, 1}, out[1].shape());
        for (int r = 0; r < 2; r++) {
            double mu = 0;
            for (int i = 0; i < 120; i++) mu += xd[r * 120 + i];
            assertEquals(mu / 120, out[1].getDouble(r), 1e-9, "mean of row " + r);
        }
    }

    @Test
    void layerNormScaleVaryingPerRow() {
        Tensor x = OneNode.gaussian(8, 0, 1, 3, 8);
        Tensor scale = OneNode.gaussian(9, 1, 0.5, 3, 1);
        Tensor bias = OneNode.gaussian(10, 0, 1, 1, 8);
        Tensor y = OneNode.run("LayerNormalization", 17, Map.of(), x, scale, bias)[0];
        double[] s = Tensors.doubles(scale), b = Tensors.doubles(bias);
        double[] ref = groupNorm(Tensors.doubles(x), 8, true, 1e-5, (g, i) -> s[g], (g, i) -> b[i]);
        assertClose(f32(ref, 3, 8), y, 1e-5, 1e-6, "per-row scale");
    }

    @Test
    void layerNormRejectsBadScaleNamingNode() {
        Tensor x = OneNode.gaussian(8, 0, 1, 3, 8);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OneNode.run("LayerNormalization", 17, Map.of(), x, OneNode.gaussian(1, 0, 1, 7)));
        assertEquals(true, e.getMessage().contains("node 'n0' (LayerNormalization-17)") && e.getMessage().contains("[7]"), e.getMessage());
    }

    @Test
    void rmsAndSimplifiedLayerNorm() {
        Tensor x = OneNode.gaussian(11, 0.5, 2, 2, 6, 5);
        Tensor scale = OneNode.gaussian(12, 1, 0.5, 6, 5);
        double[] xd = Tensors.doubles(x), s = Tensors.doubles(scale);
        double[] ref = groupNorm(xd, 30, false, 1e-3, (g, i) -> s[i], (g, i) -> 0);
        Tensor y = OneNode.run("RMSNormalization", 23, Map.of("axis", -2, "epsilon", 1e-3f), x, scale)[0];
        assertClose(f32(ref, 2, 6, 5), y, 1e-5, 1e-6, "RMSNormalization");
        Tensor[] out = OneNode.run(Domains.ONNX, "SimplifiedLayerNormalization", 1, Map.of("axis", 1, "epsilon", 1e-3f),
                new Tensor[] {x, scale}, new String[] {"y", "inv"}, 1);
        assertClose(f32(ref, 2, 6, 5), out[0], 1e-5, 1e-6, "SimplifiedLayerNormalization");
        assertArrayEquals(new int[] {2, 1, 1}, out[1].shape());
        double ss = 0;
        for (int i = 0; i < 30; i++) ss += xd[i] * xd[i];
        assertEquals(1 / Math.sqrt(ss / 30 + 1e-3), out[1].getDouble(0), 1e-6);
    }

    // ---- GroupNormalization, InstanceNormalization

    @Test
    void groupNormVersion18ScalesPerGroupAndVersion21PerChannel() {
        Tensor x = OneNode.gaussian(13, 1e4, 0.05, 2, 6, 3, 3);
        Tensor gScale = OneNode.gaussian(14, 1, 0.5, 3), gBias = OneNode.gaussian(15, 0, 1, 3);
        Tensor cScale = OneNode.gaussian(16, 1, 0.5, 6), cBias = OneNode.gaussian(17, 0, 1, 6);
        double[] xd = Tensors.doubles(x);
        double[] gs = Tensors.doubles(gScale), gb = Tensors.doubles(gBias), cs = Tensors.doubles(cScale), cb = Tensors.doubles(cBias);
        // 3 groups of 2 channels x 9 positions: row g of the reference is (sample, group) = (g / 3, g % 3).
        double[] ref18 = groupNorm(xd, 18, true, 1e-5, (g, i) -> gs[g % 3], (g, i) -> gb[g % 3]);
        double[] ref21 = groupNorm(xd, 18, true, 1e-5, (g, i) -> cs[(g % 3) * 2 + i / 9], (g, i) -> cb[(g % 3) * 2 + i / 9]);
        Map<String, Object> a = Map.of("num_groups", 3);
        assertClose(f32(ref18, x.shape()), OneNode.run("GroupNormalization", 18, a, x, gScale, gBias)[0], 1e-4, 1e-4, "v18");
        assertClose(f32(ref21, x.shape()), OneNode.run("GroupNormalization", 21, a, x, cScale, cBias)[0], 1e-4, 1e-4, "v21");
        Map<String, Object> stash = Map.of("num_groups", 3, "stash_type", 11);
        assertClose(f32(ref21, x.shape()), OneNode.run("GroupNormalization", 21, stash, x, cScale, cBias)[0], 1e-5, 1e-5, "v21 stash");
    }

    @Test
    void instanceNormOffsetPlanesAndVersion1() {
        Tensor x = OneNode.gaussian(18, 1e6, 1, 2, 3, 50);
        Tensor scale = OneNode.gaussian(19, 1, 0.5, 3), bias = OneNode.gaussian(20, 0, 1, 3);
        double[] s = Tensors.doubles(scale), b = Tensors.doubles(bias);
        double[] ref = groupNorm(Tensors.doubles(x), 50, true, 1e-5, (g, i) -> s[g % 3], (g, i) -> b[g % 3]);
        for (int v : new int[] {1, 6, 22}) {
            assertClose(f32(ref, x.shape()), OneNode.run("InstanceNormalization", v, Map.of(), x, scale, bias)[0], 1e-4, 1e-4, "v" + v);
        }
    }

    @Test
    void groupNormRejectsGroupsThatDoNotDivideTheChannels() {
        Tensor x = OneNode.gaussian(1, 0, 1, 1, 6, 4);
        Tensor c = OneNode.gaussian(2, 1, 0.1, 6);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OneNode.run("GroupNormalization", 21, Map.of("num_groups", 4), x, c, c));
        assertEquals(true, e.getMessage().contains("(GroupNormalization-21)") && e.getMessage().contains("num_groups 4"), e.getMessage());
    }

    // ---- BatchNormalization

    private static double[][] batchStats(double[] x, int n, int c, int s) {
        double[] mean = new double[c], var = new double[c];
        for (int ch = 0; ch < c; ch++) {
            for (int b = 0; b < n; b++) for (int i = 0; i < s; i++) mean[ch] += x[(b * c + ch) * s + i];
            mean[ch] /= n * s;
            for (int b = 0; b < n; b++) for (int i = 0; i < s; i++) var[ch] += Math.pow(x[(b * c + ch) * s + i] - mean[ch], 2);
            var[ch] /= n * s;
        }
        return new double[][] {mean, var};
    }

    private static double[] batchApply(double[] x, int c, int s, double[] scale, double[] bias, double[] mean, double[] var, double eps) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int ch = (i / s) % c;
            y[i] = (x[i] - mean[ch]) / Math.sqrt(var[ch] + eps) * scale[ch] + bias[ch];
        }
        return y;
    }

    @Test
    void batchNormTrainingAcrossVersions() {
        int n = 3, c = 4, s = 10;
        Tensor x = OneNode.gaussian(21, 5, 2, n, c, 2, 5);
        Tensor scale = OneNode.gaussian(22, 1, 0.3, c), bias = OneNode.gaussian(23, 0, 1, c);
        Tensor mean = OneNode.gaussian(24, 0, 1, c), var = f32(new double[] {1, 2, 0.5, 3}, c);
        double[] xd = Tensors.doubles(x);
        double[][] st = batchStats(xd, n, c, s);
        double[] yRef = batchApply(xd, c, s, Tensors.doubles(scale), Tensors.doubles(bias), st[0], st[1], 1e-5);
        double[] runMean = new double[c], runVar = new double[c];
        for (int i = 0; i < c; i++) {
            runMean[i] = mean.getDouble(i) * 0.8 + st[0][i] * 0.2;
            runVar[i] = var.getDouble(i) * 0.8 + st[1][i] * 0.2;
        }
        Tensor[] in = {x, scale, bias, mean, var};
        // 14/15: training_mode; 3 outputs.
        for (int v : new int[] {14, 15}) {
            Tensor[] o = OneNode.run(Domains.ONNX, "BatchNormalization", v, Map.of("training_mode", 1, "momentum", 0.8f), in,
                    new String[] {"y", "rm", "rv"}, 1);
            assertClose(f32(yRef, x.shape()), o[0], 1e-5, 1e-5, "v" + v + " y");
            assertClose(f32(runMean, c), o[1], 1e-5, 1e-6, "v" + v + " running mean");
            assertClose(f32(runVar, c), o[2], 1e-5, 1e-6, "v" + v + " running var");
        }
        // 7/9: training when the outputs are asked for; 6: is_test = 0. Saved mean/var are the batch's.
        for (int v : new int[] {6, 7, 9}) {
            Tensor[] o = OneNode.run(Domains.ONNX, "BatchNormalization", v, Map.of("momentum", 0.8f), in,
                    new String[] {"y", "rm", "rv", "sm", "sv"}, 1);
            assertClose(f32(yRef, x.shape()), o[0], 1e-5, 1e-5, "v" + v + " y");
            assertClose(f32(runMean, c), o[1], 1e-5, 1e-6, "v" + v + " running mean");
            assertClose(f32(runVar, c), o[2], 1e-5, 1e-6, "v" + v + " running var");
            assertClose(f32(st[0], c), o[3], 1e-5, 1e-6, "v" + v + " saved mean");
            assertClose(f32(st[1], c), o[4], 1e-5, 1e-6, "v" + v + " saved var");
        }
    }

    @Test
    void batchNormInferenceVersionsAndMixedTypes() {
        int c = 3, s = 12;
        Tensor x = OneNode.gaussian(25, 1e4, 3, 2, c, 3, 4);
        Tensor scale = OneNode.gaussian(26, 1, 0.3, c), bias = OneNode.gaussian(27, 0, 1, c);
        double[] md = {1e4 - 1, 1e4, 1e4 + 2}, vd = {9, 4, 16};
        Tensor mean = f32(md, c), var = f32(vd, c);
        double[] ref = batchApply(Tensors.doubles(x), c, s, Tensors.doubles(scale), Tensors.doubles(bias), md, vd, 1e-5);
        assertClose(f32(ref, x.shape()), OneNode.run("BatchNormalization", 9, Map.of(), x, scale, bias, mean, var)[0], 1e-4, 1e-4, "v9");
        assertClose(f32(ref, x.shape()), OneNode.run("BatchNormalization", 6, Map.of("is_test", 1), x, scale, bias, mean, var)[0],
                1e-4, 1e-4, "v6 is_test");
        // 1: consumed_inputs (legacy, ignored) and is_test.
        assertClose(f32(ref, x.shape()), OneNode.run("BatchNormalization", 1,
                Map.of("is_test", 1, "consumed_inputs", new long[] {0, 0, 0, 1, 1}), x, scale, bias, mean, var)[0], 1e-4, 1e-4, "v1");
        // 15: mean and var may be float64 while X is float32.
        Tensor meanD = Tensor.of(md, c), varD = Tensor.of(vd, c);
        assertClose(f32(ref, x.shape()), OneNode.run("BatchNormalization", 15, Map.of(), x, scale, bias, meanD, varD)[0],
                1e-4, 1e-4, "v15 mixed types");
    }

    @Test
    void batchNormSpatialZeroUsesPerElementStatistics() {
        Tensor x = OneNode.gaussian(28, 0, 1, 2, 2, 3);
        Tensor scale = OneNode.gaussian(29, 1, 0.3, 2, 3), bias = OneNode.gaussian(30, 0, 1, 2, 3);
        Tensor mean = OneNode.gaussian(31, 0, 0.1, 2, 3), var = f32(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        double[] xd = Tensors.doubles(x);
        double[] ref = new double[12];
        for (int i = 0; i < 12; i++) {
            int e = i % 6;
            ref[i] = (xd[i] - mean.getDouble(e)) / Math.sqrt(var.getDouble(e) + 1e-5) * scale.getDouble(e) + bias.getDouble(e);
        }
        assertClose(f32(ref, 2, 2, 3), OneNode.run("BatchNormalization", 7, Map.of("spatial", 0), x, scale, bias, mean, var)[0],
                1e-5, 1e-6, "spatial=0");
    }

    // ---- LpNormalization, MeanVarianceNormalization, LRN

    @Test
    void lpNormalizationL1AlongAxisZeroAndZeroNorm() {
        Tensor x = f32(new double[] {1, -2, 0, 3, 2, 0}, 2, 3);
        Tensor y1 = OneNode.run("LpNormalization", 1, Map.of("axis", 0, "p", 1), x)[0];
        assertClose(f32(new double[] {0.25, -0.5, 0, 0.75, 0.5, 0}, 2, 3), y1, 1e-6, 0, "L1 axis 0, zero column");
        Tensor y2 = OneNode.run("LpNormalization", 22, Map.of(), x)[0];
        double a = Math.sqrt(5), b = Math.sqrt(13);
        assertClose(f32(new double[] {1 / a, -2 / a, 0, 3 / b, 2 / b, 0}, 2, 3), y2, 1e-6, 0, "L2 last axis");
    }

    @Test
    void meanVarianceNormalizationOverOtherAxes() {
        Tensor x = OneNode.gaussian(32, 1e4, 0.5, 2, 3, 4);
        double[] xd = Tensors.doubles(x);
        double[] ref = new double[24];
        // axes [0, 2]: one group per index of dim 1.
        for (int c = 0; c < 3; c++) {
            double mu = 0, sq = 0;
            for (int n = 0; n < 2; n++) for (int i = 0; i < 4; i++) mu += xd[(n * 3 + c) * 4 + i];
            mu /= 8;
            for (int n = 0; n < 2; n++) for (int i = 0; i < 4; i++) sq += Math.pow(xd[(n * 3 + c) * 4 + i] - mu, 2);
            double sd = Math.sqrt(sq / 8) + 1e-9;
            for (int n = 0; n < 2; n++) for (int i = 0; i < 4; i++) ref[(n * 3 + c) * 4 + i] = (xd[(n * 3 + c) * 4 + i] - mu) / sd;
        }
        assertClose(f32(ref, 2, 3, 4), OneNode.run("MeanVarianceNormalization", 13, Map.of("axes", new long[] {0, 2}), x)[0],
                1e-5, 1e-6, "MVN axes [0, 2]");
    }

    @Test
    void lrnEvenSizeWindow() {
        Tensor x = OneNode.gaussian(33, 0, 2, 1, 5, 2);
        double[] xd = Tensors.doubles(x);
        double[] ref = new double[10];
        int size = 4; // window [c - 1, c + 2]
        for (int c = 0; c < 5; c++) {
            for (int s = 0; s < 2; s++) {
                double sq = 0;
                for (int k = Math.max(0, c - 1); k <= Math.min(4, c + 2); k++) sq += xd[k * 2 + s] * xd[k * 2 + s];
                ref[c * 2 + s] = xd[c * 2 + s] / Math.pow(2 + 0.5 / size * sq, 0.6);
            }
        }
        Tensor y = OneNode.run("LRN", 13, Map.of("size", size, "alpha", 0.5f, "beta", 0.6f, "bias", 2f), x)[0];
        assertClose(f32(ref, 1, 5, 2), y, 1e-5, 1e-6, "LRN size 4");
    }

    // ---- thread count

    record Case(String name, String op, int opset, Map<String, ?> attrs, Tensor[] inputs, int outputs) {}

    @TestFactory
    Stream<DynamicTest> resultsDoNotDependOnThreadCount() {
        Tensor x4 = OneNode.gaussian(40, 3, 2, 4, 32, 20, 20);
        Tensor c32a = OneNode.gaussian(41, 1, 0.2, 32), c32b = OneNode.gaussian(42, 0, 1, 32);
        Tensor x2 = OneNode.gaussian(43, 1e4, 0.01, 300, 768);
        Tensor s768 = OneNode.gaussian(44, 1, 0.2, 768), b768 = OneNode.gaussian(45, 0, 1, 768);
        Tensor var32 = f32(new double[32], 32);
        // Channels of 2304 elements: instance and group norm take these long groups one at a time, in the
        // pipeline that sums the next group while it writes one.
        Tensor xLong = OneNode.gaussian(46, 3, 2, 8, 8, 48, 48);
        Tensor c8a = OneNode.gaussian(47, 1, 0.2, 8), c8b = OneNode.gaussian(48, 0, 1, 8);
        // Rows long enough for the vector loops to start at a cache-line lead: rows of 2048 all have
        // the same lead, rows of 2056 each their own.
        Tensor x2048 = OneNode.gaussian(49, 1, 2, 30, 2048), s2048 = OneNode.gaussian(50, 1, 0.2, 2048);
        Tensor x2056 = OneNode.gaussian(51, 1, 2, 30, 2056), s2056 = OneNode.gaussian(52, 1, 0.2, 2056);
        // More than 2^20 elements in rows under 2048: layer and RMS norm write each row while they take
        // the next one's statistics.
        Tensor xBig = OneNode.gaussian(53, 1e4, 0.01, 1400, 768);
        // RMS rows of 2048 or more in more than 2^20 elements: the pipeline on plain sums of squares,
        // which writes the last row of each thread's share by the same map as the others; a -0 in
        // every seventh row, whose sign a map with "+ 0" would lose.
        Tensor xRmsLong = OneNode.gaussian(54, 0, 1, 520, 2048);
        for (int r = 0; r < 520; r += 7) xRmsLong.floats()[r * 2048 + 5] = -0.0f;
        return Stream.of(
                new Case("LayerNormalization pipelined rows", "LayerNormalization", 17, Map.of(), new Tensor[] {xBig, s768, b768}, 3),
                new Case("RMSNormalization pipelined rows", "RMSNormalization", 23, Map.of(), new Tensor[] {xBig, s768}, 1),
                new Case("RMSNormalization pipelined rows of 2048", "RMSNormalization", 23, Map.of(), new Tensor[] {xRmsLong, s2048}, 1),
                new Case("LayerNormalization rows of 2048", "LayerNormalization", 17, Map.of(), new Tensor[] {x2048, s2048}, 3),
                new Case("LayerNormalization rows of 2056", "LayerNormalization", 17, Map.of(), new Tensor[] {x2056, s2056}, 3),
                new Case("LayerNormalization", "LayerNormalization", 17, Map.of(), new Tensor[] {x2, s768, b768}, 3),
                new Case("RMSNormalization", "RMSNormalization", 23, Map.of(), new Tensor[] {x2, s768}, 1),
                new Case("GroupNormalization", "GroupNormalization", 21, Map.of("num_groups", 8), new Tensor[] {x4, c32a, c32b}, 1),
                new Case("InstanceNormalization", "InstanceNormalization", 6, Map.of(), new Tensor[] {x4, c32a, c32b}, 1),
                new Case("InstanceNormalization long channels", "InstanceNormalization", 6, Map.of(), new Tensor[] {xLong, c8a, c8b}, 1),
                new Case("GroupNormalization long groups", "GroupNormalization", 21, Map.of("num_groups", 2), new Tensor[] {xLong, c8a, c8b}, 1),
                new Case("BatchNormalization", "BatchNormalization", 15, Map.of(), new Tensor[] {x4, c32a, c32b, c32b, c32a}, 1),
                new Case("BatchNormalization training", "BatchNormalization", 15, Map.of("training_mode", 1),
                        new Tensor[] {x4, c32a, c32b, c32b, var32}, 3),
                new Case("MeanVarianceNormalization", "MeanVarianceNormalization", 13, Map.of(), new Tensor[] {x4}, 1),
                new Case("LpNormalization", "LpNormalization", 1, Map.of("axis", 1), new Tensor[] {x4}, 1),
                new Case("LRN", "LRN", 13, Map.of("size", 3), new Tensor[] {x4}, 1)
        ).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            String[] outs = new String[c.outputs()];
            for (int i = 0; i < outs.length; i++) outs[i] = "out" + i;
            Tensor[] one = OneNode.run(Domains.ONNX, c.op(), c.opset(), c.attrs(), c.inputs(), outs, 1);
            Tensor[] four = OneNode.run(Domains.ONNX, c.op(), c.opset(), c.attrs(), c.inputs(), outs, 4);
            for (int i = 0; i < outs.length; i++) {
                assertArrayEquals(one[i].floats(), four[i].floats(), c.name() + " output " + i + ": 1 vs 4 threads");
            }
        }));
    }
}
