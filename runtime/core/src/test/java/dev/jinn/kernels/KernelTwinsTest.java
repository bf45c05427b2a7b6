package dev.jinn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.kernels.gemm.GemmKernel;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kernel family's two twins on the same odd-sized inputs, so that every vector loop's tail
 * and every scalar path runs. Where the twins promise the same bits (elementwise formulas, GEMM,
 * convolution, pooling: the same IEEE operations lane by lane, or fused multiply-adds or maxima in the
 * same order) they are compared bit for bit; where a summation order differs, within a bound stated
 * per family.
 */
class KernelTwinsTest {
    private static final int[] ODD = {1, 3, 7, 15, 17, 31, 33, 65, 127, 1031};
    private static KernelSet scalar, vector;

    @BeforeAll
    static void bothSets() {
        scalar = Kernels.scalar();
        vector = Kernels.vector();
        assertNotNull(vector, "the build runs tests with --add-modules jdk.incubator.vector");
    }

    private static float[] random(Random r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (r.nextFloat() * 2 - 1) * scale;
        return v;
    }

    @Test
    void elementwiseArithmeticIsBitwiseEqual() {
        Random r = new Random(1);
        for (ElementwiseKernel.Arith op : ElementwiseKernel.Arith.values()) {
            for (int n : ODD) {
                for (int[] st : new int[][] {{1, 1}, {1, 0}, {0, 1}}) {
                    float[] a = random(r, n + 3, 10), b = random(r, n + 5, 10);
                    float[] ys = new float[n + 1], yv = new float[n + 1];
                    scalar.elementwise().arith(op, a, 3, st[0], b, 5, st[1], ys, 1, n);
                    vector.elementwise().arith(op, a, 3, st[0], b, 5, st[1], yv, 1, n);
                    assertArrayEquals(ys, yv, op + " n=" + n);
                }
            }
        }
    }

    @Test
    void elementwiseFormulasAreBitwiseEqual() {
        Random r = new Random(2);
        // Where the formulas branch or saturate: exp's overflow and subnormal ends, tanh's switch of formula.
        float[] edges = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE, 1e-30f,
            88.72283f, 88.72284f, 89f, 100f, -87.33655f, -103.97208f, -104f, -200f, 0.625f, -0.625f, Math.nextDown(0.625f),
            9.01f, -9.01f, 44.4f, -44.4f, Float.MAX_VALUE, -Float.MAX_VALUE};
        for (ElementwiseKernel.Fn fn : ElementwiseKernel.Fn.values()) {
            for (int n : ODD) {
                float[] x = random(r, n + 2, 8);
                if (fn == ElementwiseKernel.Fn.SQRT) for (int i = 0; i < x.length; i++) x[i] = Math.abs(x[i]);
                for (int i = 0; i < Math.min(edges.length, n); i++) x[2 + (i * 7) % n] = edges[i];
                float[] ys = new float[n + 2], yv = new float[n + 2];
                scalar.elementwise().unary(fn, x, ys, 2, n + 2);
                vector.elementwise().unary(fn, x, yv, 2, n + 2);
                assertArrayEquals(ys, yv, fn + " n=" + n);
            }
        }
    }

    @Test
    void softmaxRowsAgree() {
        Random r = new Random(3);
        for (boolean log : new boolean[] {false, true}) {
            for (int n : ODD) {
                int rows = 3;
                float[] x = random(r, rows * n, 20);
                float[] ys = new float[rows * n], yv = new float[rows * n];
                scalar.softmax().softmax(x, ys, n, log, 0, rows);
                vector.softmax().softmax(x, yv, n, log, 0, rows);
                for (int i = 0; i < ys.length; i++) {
                    float tol = log ? 1e-5f * Math.max(1, Math.abs(ys[i])) : 2e-6f;
                    assertEquals(ys[i], yv[i], tol, (log ? "log-softmax" : "softmax") + " n=" + n + " at " + i);
                }
            }
        }
    }

    @Test
    void gemmIsBitwiseEqual() {
        Random r = new Random(4);
        GemmKernel s = scalar.gemm(), v = vector.gemm();
        for (int m : new int[] {1, 5, 9, 33}) {
            for (int k : new int[] {1, 7, 300}) {
                for (int n : new int[] {1, 17, 50, 97}) {
                    float[] a = random(r, m * k, 1), b = random(r, k * n, 1), bias = random(r, n, 1);
                    assertArrayEquals(gemm(s, a, b, bias, m, k, n), gemm(v, a, b, bias, m, k, n), m + "x" + k + "x" + n);
                }
            }
        }
    }

    @Test
    void skinnyGemmAgrees() {
        Random r = new Random(9);
        for (int m = 1; m <= GemmKernel.SKINNY_ROWS; m++) {
            for (int k : new int[] {1, 17, 100, 257}) {
                for (int n : new int[] {1, 15, 65}) {
                    float[] a = random(r, m * k, 1), b = random(r, k * n, 1), bias = random(r, n, 1);
                    for (boolean transB : new boolean[] {false, true}) {
                        int rsB = transB ? 1 : n, csB = transB ? k : 1;
                        float[] cs = new float[m * n], cv = new float[m * n];
                        scalar.gemm().gemmSkinny(m, k, 1.25f, a, 0, k, 1, b, 0, rsB, csB, cs, 0, n, 0, n, false, bias);
                        vector.gemm().gemmSkinny(m, k, 1.25f, a, 0, k, 1, b, 0, rsB, csB, cv, 0, n, 0, n, false, bias);
                        String at = m + "x" + k + "x" + n + (transB ? " B transposed" : "");
                        // Rows of B stream in the same order as the scalar loop; dot products add lanes.
                        if (!transB) assertArrayEquals(cs, cv, at);
                        else for (int i = 0; i < cs.length; i++) assertEquals(cs[i], cv[i], 1e-5f * k, at);
                    }
                }
            }
        }
    }

    private static float[] gemm(GemmKernel g, float[] a, float[] b, float[] bias, int m, int k, int n) {
        float[] c = new float[m * n];
        GemmKernel.PackedA pa = g.packA(a, 0, k, 1, m, k, new float[g.packedASize(m, k)]);
        g.gemm(0.75f, pa, g.packB(b, 0, n, 1, k, n), c, 0, n, 0, g.tiles(m, n), false, bias);
        return c;
    }

    @Test
    void depthwiseConvolutionIsBitwiseEqual() {
        Random r = new Random(5);
        // {h, w, kh, kw, stride, dilation, pad}
        for (int[] c : new int[][] {{7, 9, 3, 3, 1, 1, 1}, {17, 33, 3, 3, 2, 1, 1}, {5, 31, 5, 3, 1, 2, 2}, {1, 65, 1, 7, 1, 1, 3},
                {9, 101, 3, 3, 2, 1, 1}, {8, 70, 5, 5, 2, 2, 2}, {6, 40, 3, 3, 3, 1, 0}}) {
            int h = c[0], w = c[1], kh = c[2], kw = c[3], st = c[4], d = c[5], p = c[6];
            int oh = (h + 2 * p - d * (kh - 1) - 1) / st + 1, ow = (w + 2 * p - d * (kw - 1) - 1) / st + 1;
            WindowShape s = new WindowShape(new int[] {h, w}, new int[] {kh, kw}, new int[] {st, st}, new int[] {d, d},
                    new int[] {p, p}, new int[] {oh, ow});
            int channels = 3;
            float[] x = random(r, channels * h * w, 1), wt = random(r, channels * kh * kw, 1), bias = random(r, channels, 1);
            float[] ys = new float[channels * oh * ow], yv = new float[channels * oh * ow];
            scalar.conv().depthwise2d(x, 0, s, 1, wt, bias, ys, 0, 0, channels);
            vector.conv().depthwise2d(x, 0, s, 1, wt, bias, yv, 0, 0, channels);
            assertArrayEquals(ys, yv, java.util.Arrays.toString(c));
        }
    }

    @Test
    void unitStrideConvolutionReadInPlaceMatchesThePackedOneBitForBit() {
        Random r = new Random(10);
        // {c, h, w, kh, kw, dilation, padTop, padLeft, padBottom, padRight, m}
        for (int[] q : new int[][] {{3, 9, 11, 3, 3, 1, 1, 1, 1, 1, 10}, {5, 7, 20, 3, 5, 2, 2, 0, 1, 3, 17}, {8, 6, 6, 1, 1, 1, 0, 0, 0, 0, 9}}) {
            int c = q[0], h = q[1], w = q[2], kh = q[3], kw = q[4], d = q[5], m = q[10];
            int oh = h + q[6] + q[8] - d * (kh - 1), ow = w + q[7] + q[9] - d * (kw - 1), p = oh * ow, rows = c * kh * kw;
            WindowShape s = new WindowShape(new int[] {h, w}, new int[] {kh, kw}, new int[] {1, 1}, new int[] {d, d},
                    new int[] {q[6], q[7]}, new int[] {oh, ow});
            float[] x = random(r, c * h * w, 1), wt = random(r, m * rows, 1), bias = random(r, m, 1);
            for (KernelSet k : new KernelSet[] {scalar, vector}) {
                GemmKernel g = k.gemm();
                GemmKernel.PackedA a = g.packA(wt, 0, rows, 1, m, rows, new float[g.packedASize(m, rows)]);
                int tr = g.packingBRows(m, p, 1);
                float[] packed = new float[m * p];
                g.gemmPackingB(a, p, new dev.jinn.kernels.conv.Im2colPacker(x, 0, s), packed, 0, p, bias, null, tr, 0, g.packingBTiles(m, p, tr));
                dev.jinn.kernels.conv.ShiftedRows b = new dev.jinn.kernels.conv.ShiftedRows(x, 0, c, s, g.slack());
                float[] wide = new float[m * b.n];
                int tw = g.packingBRows(m, b.n, 1);
                g.gemmIndirectB(a, b.n, b.b, b.rowOff, wide, 0, b.n, bias, null, tw, 0, g.packingBTiles(m, b.n, tw));
                float[] inPlace = new float[m * p];
                for (int o = 0; o < m; o++) for (int oy = 0; oy < oh; oy++) System.arraycopy(wide, o * b.n + oy * b.pitch, inPlace, o * p + oy * ow, ow);
                assertArrayEquals(packed, inPlace, k.name() + " " + java.util.Arrays.toString(q));
            }
        }
    }

    @Test
    void poolingIsBitwiseEqual() {
        Random r = new Random(6);
        // {h, w, k, stride, dilation, pad}: strides 1 to 4, widths around and past a vector, the pads
        // that put a tap of the first and last windows outside the row, dilated windows.
        int[][] cases = {{7, 9, 3, 1, 1, 1}, {17, 33, 3, 2, 1, 1}, {8, 31, 2, 2, 1, 0}, {1, 65, 1, 1, 1, 0},
                {13, 13, 3, 2, 1, 0}, {27, 113, 3, 2, 1, 1}, {9, 113, 2, 2, 1, 0}, {12, 112, 2, 2, 1, 0},
                {11, 33, 3, 3, 1, 1}, {6, 113, 2, 3, 1, 0}, {10, 113, 3, 3, 1, 0}, {15, 113, 3, 2, 2, 2},
                {10, 33, 2, 3, 2, 1}, {9, 37, 3, 4, 1, 1}, {5, 13, 2, 1, 2, 0}};
        for (int[] c : cases) {
            for (boolean nan : new boolean[] {false, true}) {
                int h = c[0], w = c[1], k = c[2], st = c[3], d = c[4], p = c[5];
                int kh = Math.min(k, h);
                int oh = (h + 2 * p - d * (kh - 1) - 1) / st + 1, ow = (w + 2 * p - d * (k - 1) - 1) / st + 1;
                WindowShape s = new WindowShape(new int[] {h, w}, new int[] {kh, k}, new int[] {st, st}, new int[] {d, d},
                        new int[] {p, p}, new int[] {oh, ow});
                // Two planes, so that the second plane's reads run to the array's end.
                int plane = h * w, out = oh * ow;
                float[] x = random(r, 2 * plane, 1);
                if (nan) for (int i = r.nextInt(7); i < x.length; i += 7 + r.nextInt(40)) x[i] = Float.NaN;
                String what = java.util.Arrays.toString(c) + (nan ? " with NaN" : "");
                float[] ms = new float[2 * out], mv = new float[2 * out], as = new float[2 * out], av = new float[2 * out];
                scalar.pool().maxPool(x, s, 0, 2, ms, null, false);
                vector.pool().maxPool(x, s, 0, 2, mv, null, false);
                assertArrayEquals(ms, mv, "max " + what);
                for (boolean countPad : new boolean[] {false, true}) {
                    scalar.pool().averagePool(x, s, new int[] {p, p}, countPad, 0, 2, as);
                    vector.pool().averagePool(x, s, new int[] {p, p}, countPad, 0, 2, av);
                    assertArrayEquals(as, av, "average " + what + (countPad ? " counting pads" : ""));
                }
            }
        }
    }

    @Test
    void poolRowPrimitivesAreBitwiseEqual() {
        Random r = new Random(9);
        for (int stride = 1; stride <= 4; stride++) {
            for (int n : ODD) {
                // The row's last read at the array's last element: vectors must stop short of the end.
                float[] x = random(r, 5 + stride * (n - 1) + 1, 10);
                if (n > 2) x[5 + stride * (n / 2)] = Float.NaN;
                float[] y0 = random(r, n + 2, 10), ys = y0.clone(), yv = y0.clone();
                scalar.pool().maxInto(x, 5, stride, ys, 2, n);
                vector.pool().maxInto(x, 5, stride, yv, 2, n);
                assertArrayEquals(ys, yv, "maxInto stride " + stride + " n=" + n);
                ys = y0.clone();
                yv = y0.clone();
                scalar.pool().addInto(x, 5, stride, ys, 2, n);
                vector.pool().addInto(x, 5, stride, yv, 2, n);
                assertArrayEquals(ys, yv, "addInto stride " + stride + " n=" + n);
            }
        }
    }

    @Test
    void reductionsAgree() {
        Random r = new Random(7);
        for (int n : ODD) {
            float[] x = random(r, n + 3, 100);
            double ss = scalar.reduce().sum(x, 3, n), sv = vector.reduce().sum(x, 3, n);
            // Both add float64 values; only the order differs.
            assertEquals(ss, sv, 1e-12 * 100 * n, "sum n=" + n);
            assertEquals(scalar.reduce().max(x, 3, n), vector.reduce().max(x, 3, n), 0f, "max n=" + n);
        }
    }

    @Test
    void normalizationAgrees() {
        Random r = new Random(8);
        for (int n : ODD) {
            float[] x = random(r, n + 1, 5), scale = random(r, n, 1), bias = random(r, n, 1);
            double ds = scalar.norm().shiftedSum(x, 1, n, x[1]), dv = vector.norm().shiftedSum(x, 1, n, x[1]);
            assertEquals(ds, dv, 1e-5 * n, "shiftedSum n=" + n);
            float[] ys = new float[n + 1], yv = new float[n + 1];
            scalar.norm().normalize(x, 1, n, 0.25f, 1.5f, 0.1f, scale, 0, bias, 0, ys, 1);
            vector.norm().normalize(x, 1, n, 0.25f, 1.5f, 0.1f, scale, 0, bias, 0, yv, 1);
            for (int i = 1; i <= n; i++) assertEquals(ys[i], yv[i], 1e-5f * Math.max(1, Math.abs(ys[i])), "normalize n=" + n);
        }
    }
}
