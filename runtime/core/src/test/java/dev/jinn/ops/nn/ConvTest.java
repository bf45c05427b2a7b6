package dev.jinn.ops.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Conv and ConvTranspose at sizes that take the packed GEMM, with groups, strides, dilations and asymmetric pads,
 * 1-D to 3-D, batches, depthwise multipliers and channel counts that are not a multiple of the vector, against a
 * direct double-precision convolution; and 1 thread against 4, bitwise.
 */
class ConvTest {
    @Test
    void grouped2dWithStridesDilationsPads() {
        check(new int[] {2, 8, 23, 19}, 12, 2, new int[] {3, 3}, new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 0, 2, 1});
    }

    @Test
    void depthwise2d() {
        check(new int[] {1, 16, 20, 20}, 16, 16, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1, 1, 1});
    }

    @Test
    void pointwise2d() {
        check(new int[] {1, 64, 14, 14}, 96, 1, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0, 0, 0});
    }

    @Test
    void conv3d() {
        check(new int[] {1, 3, 7, 8, 9}, 10, 1, new int[] {2, 3, 3}, new int[] {1, 2, 1}, new int[] {2, 1, 1}, new int[] {0, 1, 1, 1, 0, 1});
    }

    @Test
    void conv1dStridedDilatedAsymmetricPadsBatchOfTwo() {
        check(new int[] {2, 5, 37}, 7, 1, new int[] {5}, new int[] {2}, new int[] {2}, new int[] {3, 1});
    }

    @Test
    void depthwiseWithMultiplierStridesDilationsAsymmetricPads() {
        check(new int[] {2, 6, 17, 33}, 12, 6, new int[] {3, 5}, new int[] {2, 2}, new int[] {2, 1}, new int[] {1, 2, 0, 3});
    }

    @Test
    void smallImageWithMoreOutputChannelsThanOneRowBlock() {
        // 7x7 output rows take the packer's offset table; 600 channels two row blocks of the GEMM.
        check(new int[] {1, 9, 7, 7}, 600, 1, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1, 1, 1});
    }

    @Test
    void unitStridesReadThePaddedImageInPlace() {
        // Dilated, asymmetric pads, two groups, a batch: the taps are rows of the padded image.
        check(new int[] {2, 6, 11, 13}, 10, 2, new int[] {3, 2}, new int[] {1, 1}, new int[] {2, 3}, new int[] {1, 0, 2, 3});
        // 1-D, and a 1x1 kernel without padding, whose first image is read as it is.
        check(new int[] {3, 4, 29}, 9, 1, new int[] {4}, new int[] {1}, new int[] {1}, new int[] {2, 1});
        check(new int[] {2, 12, 9, 7}, 20, 1, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0, 0, 0});
    }

    @Test
    void weightComputedAtRunTimeIsPackedPerRun() {
        check(new int[] {2, 10, 19, 21}, 17, 1, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 1, 2, 0}, true);
    }

    private static void check(int[] xShape, int m, int group, int[] kernel, int[] strides, int[] dil, int[] pads) {
        check(xShape, m, group, kernel, strides, dil, pads, false);
    }

    private static void check(int[] xShape, int m, int group, int[] kernel, int[] strides, int[] dil, int[] pads,
                              boolean weightIsInput) {
        Random rnd = new Random(11);
        int r = kernel.length, c = xShape[1], cg = c / group, mg = m / group;
        int[] wShape = new int[r + 2];
        wShape[0] = m;
        wShape[1] = cg;
        System.arraycopy(kernel, 0, wShape, 2, r);
        Tensor x = random(rnd, xShape), w = random(rnd, wShape), b = random(rnd, m);
        int[] out = new int[r];
        for (int d = 0; d < r; d++) out[d] = (xShape[d + 2] + pads[d] + pads[d + r] - ((kernel[d] - 1) * dil[d] + 1)) / strides[d] + 1;
        int[] yShape = new int[r + 2];
        yShape[0] = xShape[0];
        yShape[1] = m;
        System.arraycopy(out, 0, yShape, 2, r);
        int p = 1, plane = 1, k = 1;
        for (int d = 0; d < r; d++) {
            p *= out[d];
            plane *= xShape[d + 2];
            k *= kernel[d];
        }
        float[] want = new float[xShape[0] * m * p];
        int[] o = new int[r], t = new int[r];
        for (int n = 0; n < xShape[0]; n++) {
            for (int oc = 0; oc < m; oc++) {
                int gi = oc / mg;
                for (int op = 0; op < p; op++) {
                    unravel(op, out, o);
                    double acc = b.floats()[oc];
                    for (int ic = 0; ic < cg; ic++) {
                        for (int kt = 0; kt < k; kt++) {
                            unravel(kt, kernel, t);
                            int off = 0;
                            boolean inside = true;
                            for (int d = 0; d < r; d++) {
                                int pos = o[d] * strides[d] - pads[d] + t[d] * dil[d];
                                if (pos < 0 || pos >= xShape[d + 2]) inside = false;
                                off = off * xShape[d + 2] + pos;
                            }
                            if (!inside) continue;
                            acc += (double) x.floats()[(n * c + gi * cg + ic) * plane + off] * w.floats()[(oc * cg + ic) * k + kt];
                        }
                    }
                    want[(n * m + oc) * p + op] = (float) acc;
                }
            }
        }
        ModelBuilder mb = new ModelBuilder("conv").input("X", DataType.FLOAT, box(xShape)).initializer("B", b)
                .output("Y", DataType.FLOAT, box(yShape))
                .node("Conv", List.of("X", "W", "B"), List.of("Y"), Map.of("group", group, "kernel_shape", kernel,
                        "strides", strides, "dilations", dil, "pads", pads));
        Map<String, Tensor> feed = weightIsInput ? Map.of("X", x, "W", w) : Map.of("X", x);
        if (weightIsInput) mb.input("W", DataType.FLOAT, box(wShape));
        else mb.initializer("W", w);
        float[] one = run(mb, feed, 1);
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(want[i] - one[i]) <= 1e-5 * cg * k + 1e-5 * Math.abs(want[i]))) {
                throw new AssertionError("element " + i + ": want " + want[i] + ", got " + one[i]);
            }
        }
        assertArrayEquals(one, run(mb, feed, 4), "threads must not change the result");
    }

    /** ConvTranspose [1, 8, 9, 7] -> 12 channels in 2 groups, stride 2, pads, dilation: the packed GEMM and col2im. */
    @Test
    void convTransposeGroupedStrided() {
        Random rnd = new Random(13);
        int n = 1, c = 8, h = 9, w = 7, group = 2, mg = 6, m = mg * group, cg = c / group, kh = 3, kw = 2;
        int[] s = {2, 2}, d = {1, 2}, pads = {1, 0, 0, 1};
        Tensor x = random(rnd, n, c, h, w), wt = random(rnd, c, mg, kh, kw), b = random(rnd, m);
        int oh = s[0] * (h - 1) + (kh - 1) * d[0] + 1 - pads[0] - pads[2];
        int ow = s[1] * (w - 1) + (kw - 1) * d[1] + 1 - pads[1] - pads[3];
        double[] want = new double[m * oh * ow];
        for (int oc = 0; oc < m; oc++) for (int i = 0; i < oh * ow; i++) want[oc * oh * ow + i] = b.floats()[oc];
        for (int ic = 0; ic < c; ic++) {
            int g = ic / cg;
            for (int j = 0; j < mg; j++) {
                int oc = g * mg + j;
                for (int y = 0; y < h; y++) for (int xx = 0; xx < w; xx++) for (int a = 0; a < kh; a++) for (int e = 0; e < kw; e++) {
                    int oy = y * s[0] - pads[0] + a * d[0], ox = xx * s[1] - pads[1] + e * d[1];
                    if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                    want[(oc * oh + oy) * ow + ox] += (double) x.floats()[(ic * h + y) * w + xx] * wt.floats()[((ic * mg + j) * kh + a) * kw + e];
                }
            }
        }
        ModelBuilder mb = new ModelBuilder("ct").input("X", DataType.FLOAT, n, c, h, w).initializer("W", wt).initializer("B", b)
                .output("Y", DataType.FLOAT, n, m, oh, ow)
                .node("ConvTranspose", List.of("X", "W", "B"), List.of("Y"), Map.of("group", group, "strides", s,
                        "dilations", d, "pads", pads));
        float[] got = run(mb, Map.of("X", x), 1);
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(want[i] - got[i]) <= 1e-5 * cg * kh * kw + 1e-5 * Math.abs(want[i]))) {
                throw new AssertionError("element " + i + ": want " + want[i] + ", got " + got[i]);
            }
        }
        assertArrayEquals(got, run(mb, Map.of("X", x), 4), "threads must not change the result");
    }

    /** The row-major coordinates of flat index i in dims; PoolTest's reference walks its windows with it too. */
    static void unravel(int i, int[] dims, int[] idx) {
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = i % dims[d];
            i /= dims[d];
        }
    }

    private static float[] run(ModelBuilder mb, Map<String, Tensor> feed, int threads) {
        try (Session s = Session.create(ModelLoader.load(mb.toBytes(), "conv.onnx"), SessionOptions.defaults().withThreads(threads))) {
            return s.run(feed).get(0).floats();
        }
    }

    private static Object[] box(int[] v) {
        Object[] o = new Object[v.length];
        for (int i = 0; i < v.length; i++) o[i] = v[i];
        return o;
    }

    private static Tensor random(Random rnd, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextFloat() * 2 - 1;
        return Tensor.of(v, shape);
    }
}
