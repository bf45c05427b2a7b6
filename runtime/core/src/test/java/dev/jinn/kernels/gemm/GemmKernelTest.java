package dev.jinn.kernels.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both packed GEMM twins against a double-precision triple loop, over odd sizes and both transposes,
 * and against each other bit for bit.
 */
class GemmKernelTest {
    /** The scalar twin, and the vector one where the JVM has the incubator module. */
    static Stream<GemmKernel> kernels() {
        return Kernels.vector() == null ? Stream.of(Kernels.scalar().gemm())
                : Stream.of(Kernels.scalar().gemm(), Kernels.vector().gemm());
    }

    private static final int[] SIZES = {1, 3, 17, 63, 65, 129};

    @ParameterizedTest
    @MethodSource("kernels")
    void packedMatchesDoubleReferenceOverOddSizes(GemmKernel g) {
        Random rnd = new Random(7);
        for (int m : SIZES) {
            for (int k : new int[] {1, 17, 65, 300}) {
                for (int n : SIZES) {
                    for (int trans = 0; trans < 4; trans++) {
                        check(g, rnd, m, k, n, (trans & 1) != 0, (trans & 2) != 0, 1.5f, false);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void skinnyMatchesDoubleReferenceForBothLayoutsOfB(GemmKernel g) {
        Random rnd = new Random(14);
        for (int m = 1; m <= GemmKernel.SKINNY_ROWS; m++) {
            for (int[] kn : new int[][] {{2048, 1000}, {9, 70}, {300, 1}}) {
                int k = kn[0], n = kn[1];
                float[] a = random(rnd, m * k), b = random(rnd, k * n), c0 = random(rnd, m * n);
                for (boolean tb : new boolean[] {false, true}) {
                    int rsB = tb ? 1 : n, csB = tb ? k : 1;
                    float[] c = c0.clone();
                    // Two column ranges, as two threads take them.
                    g.gemmSkinny(m, k, -0.5f, a, 0, k, 1, b, 0, rsB, csB, c, 0, n, 0, n / 2, true, null);
                    g.gemmSkinny(m, k, -0.5f, a, 0, k, 1, b, 0, rsB, csB, c, 0, n, n / 2, n, true, null);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double acc = 0, mag = 0;
                            for (int p = 0; p < k; p++) {
                                double prod = (double) a[i * k + p] * b[p * rsB + j * csB];
                                acc += prod;
                                mag += Math.abs(prod);
                            }
                            double want = -0.5 * acc + c0[i * n + j];
                            double tol = 1e-6 * (0.5 * mag + Math.abs(c0[i * n + j])) + 1e-7;
                            assertTrue(Math.abs(c[i * n + j] - want) <= tol, m + "x" + k + "x" + n + " tb=" + tb + " at (" + i
                                    + "," + j + "): want " + want + " got " + c[i * n + j]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void directMatchesDoubleReference() {
        Random rnd = new Random(8);
        for (int m : SIZES) for (int n : new int[] {1, 5, 17}) check(null, rnd, m, 9, n, m % 2 == 1, n % 2 == 1, -0.5f, true);
    }

    /**
     * Packs into scratch full of NaN, as a reused buffer holds old values: any padding the packer
     * left unwritten would turn its rows' results into NaN.
     */
    private static GemmKernel.PackedA packA(GemmKernel g, float[] a, int rsA, int csA, int m, int k) {
        float[] scratch = new float[g.packedASize(m, k) + 5];
        java.util.Arrays.fill(scratch, Float.NaN);
        return g.packA(a, 0, rsA, csA, m, k, scratch);
    }

    private static void check(GemmKernel g, Random rnd, int m, int k, int n, boolean ta, boolean tb, float alpha, boolean scalar) {
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        float[] c0 = random(rnd, m * n);
        int rsA = ta ? 1 : k, csA = ta ? m : 1;
        int rsB = tb ? 1 : n, csB = tb ? k : 1;
        float[] c = c0.clone();
        if (scalar) {
            GemmKernel.gemmDirect(n, k, alpha, a, 0, rsA, csA, b, 0, rsB, csB, c, 0, n, 0, m, true, null);
        } else {
            GemmKernel.PackedB pb = g.packB(b, 0, rsB, csB, k, n);
            g.gemm(alpha, packA(g, a, rsA, csA, m, k), pb, c, 0, n, 0, g.tiles(m, n), true, null);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0, mag = 0;
                for (int p = 0; p < k; p++) {
                    double prod = (double) a[i * rsA + p * csA] * b[p * rsB + j * csB];
                    acc += prod;
                    mag += Math.abs(prod);
                }
                double want = alpha * acc + c0[i * n + j];
                double got = c[i * n + j];
                double tol = 1e-6 * (Math.abs(alpha) * mag + Math.abs(c0[i * n + j])) + 1e-7;
                if (!(Math.abs(got - want) <= tol)) {
                    throw new AssertionError("m=" + m + " k=" + k + " n=" + n + " ta=" + ta + " tb=" + tb
                            + " at (" + i + "," + j + "): want " + want + " got " + got);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void withoutAddTheOldValuesOfCAreNeverRead(GemmKernel g) {
        // A reused output array holds anything, NaN included; C = A * B must not depend on it.
        Random rnd = new Random(11);
        for (int[] mkn : new int[][] {{129, 300, 65}, {17, 1, 3}, {8, 512, 48}, {3, 5, 2}, {4, 0, 5}}) {
            int m = mkn[0], k = mkn[1], n = mkn[2];
            float[] a = random(rnd, m * k), b = random(rnd, k * n);
            float[] want = new float[m * n];
            GemmKernel.gemmDirect(n, k, 1f, a, 0, k, 1, b, 0, n, 1, want, 0, n, 0, m, true, null);
            float[] packed = new float[m * n], scalar = new float[m * n];
            java.util.Arrays.fill(packed, Float.NaN);
            java.util.Arrays.fill(scalar, Float.NaN);
            g.gemm(1f, packA(g, a, k, 1, m, k), g.packB(b, 0, n, 1, k, n), packed, 0, n, 0, g.tiles(m, n), false, null);
            GemmKernel.gemmDirect(n, k, 1f, a, 0, k, 1, b, 0, n, 1, scalar, 0, n, 0, m, false, null);
            assertArrayEquals(want, packed, 1e-4f, m + "x" + k + "x" + n + " packed (K blocks sum in another order)");
            assertArrayEquals(want, scalar, m + "x" + k + "x" + n + " scalar");
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void aRowBiasStartsEveryRow(GemmKernel g) {
        Random rnd = new Random(12);
        for (int[] mkn : new int[][] {{129, 300, 65}, {16, 7, 96}, {9, 33, 50}, {2, 3, 4}, {4, 0, 5}}) {
            int m = mkn[0], k = mkn[1], n = mkn[2];
            float[] a = random(rnd, m * k), b = random(rnd, k * n), bias = random(rnd, n);
            float[] packed = new float[m * n], scalar = new float[m * n];
            java.util.Arrays.fill(packed, Float.NaN);
            java.util.Arrays.fill(scalar, Float.NaN);
            g.gemm(1.5f, packA(g, a, k, 1, m, k), g.packB(b, 0, n, 1, k, n), packed, 0, n, 0,
                    g.tiles(m, n), false, bias);
            GemmKernel.gemmDirect(n, k, 1.5f, a, 0, k, 1, b, 0, n, 1, scalar, 0, n, 0, m, false, bias);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double want = bias[j];
                    for (int p = 0; p < k; p++) want += 1.5 * a[i * k + p] * b[p * n + j];
                    String at = m + "x" + k + "x" + n + " at (" + i + "," + j + ")";
                    org.junit.jupiter.api.Assertions.assertEquals(want, packed[i * n + j], 1e-4, at + " packed");
                    org.junit.jupiter.api.Assertions.assertEquals(want, scalar[i * n + j], 1e-4, at + " scalar");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void halfTheTilesOfATransformerProductCoverHalfTheOutput(GemmKernel g) {
        // Two threads take the first and the second half of the tiles: equal work only when the
        // tiles are even. M = 128 tokens by hidden 384 (all-MiniLM-L6-v2) and the attention scores.
        Random rnd = new Random(10);
        for (int[] mn : new int[][] {{128, 384}, {128, 128}, {1024, 384}, {128, 1536}}) {
            int m = mn[0], n = mn[1], k = 8;
            float[] a = random(rnd, m * k);
            for (int i = 0; i < a.length; i++) a[i] = 1f + Math.abs(a[i]);
            float[] b = new float[k * n];
            java.util.Arrays.fill(b, 1f);
            int tiles = g.tiles(m, n);
            assertTrue(tiles % 2 == 0, m + "x" + n + ": " + tiles + " tiles");
            float[] c = new float[m * n];
            g.gemm(1f, packA(g, a, k, 1, m, k), g.packB(b, 0, n, 1, k, n), c, 0, n, 0, tiles / 2, true, null);
            int written = 0;
            for (float v : c) if (v != 0) written++;
            assertTrue(written == m * n / 2, m + "x" + n + ": the first " + tiles / 2 + " of " + tiles + " tiles wrote "
                    + written + " of " + m * n + " elements");
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void fourThreadsGiveBitwiseTheSameAsOne(GemmKernel g) throws Exception {
        Random rnd = new Random(9);
        int m = 211, k = 530, n = 389;
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        GemmKernel.PackedB pb = g.packB(b, 0, n, 1, k, n);
        int tiles = g.tiles(m, n);
        assertTrue(tiles >= 4, "needs several tiles to split, got " + tiles);
        GemmKernel.PackedA pa = packA(g, a, k, 1, m, k);
        float[] one = new float[m * n];
        g.gemm(1f, pa, pb, one, 0, n, 0, tiles, true, null);
        float[] four = new float[m * n];
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int from = tiles * t / 4, to = tiles * (t + 1) / 4;
                fs.add(pool.submit(() -> g.gemm(1f, pa, pb, four, 0, n, from, to, true, null)));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdown();
        }
        assertArrayEquals(one, four);
    }

    private static float[] random(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextFloat() * 2 - 1;
        return v;
    }
}
