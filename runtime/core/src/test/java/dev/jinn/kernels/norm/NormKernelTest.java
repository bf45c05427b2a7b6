package dev.jinn.kernels.norm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Both kernels' loops against double-precision loops, over odd and even sizes and awkward offsets. */
class NormKernelTest {
    static final int[] SIZES = {1, 3, 15, 16, 17, 767, 768, 1023, 4096};

    static List<NormKernel> kernels() {
        List<NormKernel> k = new ArrayList<>();
        k.add(Kernels.scalar().norm());
        k.add(Kernels.vector().norm());
        return k;
    }

    @TestFactory
    Stream<DynamicTest> loopsMatchDoubleReference() {
        return kernels().stream().flatMap(k -> java.util.Arrays.stream(SIZES).boxed().map(n -> DynamicTest.dynamicTest(
                k.name() + " n=" + n, () -> check(k, n))));
    }

    @TestFactory
    Stream<DynamicTest> fourRowFormsGiveBitwiseTheSameAsOneRowAtATime() {
        // Rows are split across threads at any boundary, and a chunk's last rows may not fill a
        // group of four: each row's sums and output must have the same bits either way, or
        // results would follow the thread count. 10000 crosses the vector kernel's summing block;
        // NaNs and huge values make sums that are not finite. Long rows at offsets 3 and 12 start
        // their vector loops at different leads; rows of 2049 and 3001 have a different lead each.
        int[] sizes = {1, 3, 15, 16, 17, 64, 767, 768, 1023, 2048, 2049, 3001, 3136, 4096, 6272, 8192, 10000};
        return kernels().stream().flatMap(k -> java.util.Arrays.stream(sizes).boxed().flatMap(n -> Stream.of(0, 1, 2).flatMap(kind ->
                Stream.of(3, 12).map(off -> DynamicTest.dynamicTest(k.name() + " n=" + n + " kind=" + kind + " off=" + off,
                        () -> checkFourRows(k, n, kind, off))))));
    }

    private static void checkFourRows(NormKernel k, int n, int kind, int off) {
        Random rnd = new Random(31L * n + kind);
        int rows = NormKernel.ROWS;
        float[] x = new float[off + rows * n + 1];
        // Values with full mantissas, so that float sums taken in another order round differently.
        for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() * 1000);
        if (kind == 1) {
            x[off + n + n / 2] = Float.NaN;
            x[off + 3 * n - 1] = 3e38f;
        }
        if (kind == 2) {
            x[off + 2 * n - 1] = 3e38f;
            x[off + 3 * n + n / 2] = Float.NaN;
        }
        float[] centers = new float[rows], one = new float[1];
        for (int j = 0; j < rows; j++) centers[j] = x[off + j * n] + 0.25f * j;
        double[] sums = new double[rows], squares = new double[rows], oneSum = new double[1];
        k.shiftedSums(x, off, n, rows, centers, sums);
        k.centeredSquares(x, off, n, rows, centers, squares);
        for (int j = 0; j < rows; j++) {
            one[0] = centers[j];
            k.shiftedSums(x, off + j * n, n, 1, one, oneSum);
            assertEquals(Double.doubleToRawLongBits(oneSum[0]), Double.doubleToRawLongBits(sums[j]), "sum of row " + j);
            k.centeredSquares(x, off + j * n, n, 1, one, oneSum);
            assertEquals(Double.doubleToRawLongBits(oneSum[0]), Double.doubleToRawLongBits(squares[j]), "squares of row " + j);
        }

        float[] scale = new float[n + 1], bias = new float[n + 1];
        for (int i = 0; i <= n; i++) {
            scale[i] = 1 + 0.01f * i;
            bias[i] = -0.5f + 0.001f * i;
        }
        float[] inv = {0.9f, 1.1f, 0.001f, 3f}, offset = {0.125f, -0.25f, 0f, 1e-3f};
        for (float[] b : new float[][] {bias, null}) {
            float[] want = new float[x.length], got = new float[x.length];
            for (int j = 0; j < rows; j++) {
                int o = off + j * n;
                k.normalize(x, o, n, centers[j], inv[j], offset[j], scale, 1, b, 1, want, o);
            }
            k.normalizeRows(x, off, n, rows, centers, inv, offset, scale, b, 1, got);
            org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, "normalizeRows " + (b == null ? "without" : "with") + " bias");
        }

        // Writing row 0 while taking row 1's statistics, as one channel and (where n splits) as
        // channels of n / 2 and n / 64 elements with their own maps: the statistics have
        // shiftedStats's bits.
        double[] wantStats = new double[2], stats = new double[2];
        k.shiftedStats(x, off + n, n, x[off + n], wantStats);
        for (int segments : new int[] {1, 2, 64}) {
            if (n % segments != 0) continue;
            int segLen = n / segments;
            float[] a = new float[segments], b = new float[segments];
            float[] want = new float[x.length], got = new float[x.length];
            for (int j = 0; j < segments; j++) {
                a[j] = 0.9f + 0.01f * j;
                b[j] = 0.125f - 0.02f * j;
                k.affine(x, off + j * segLen, segLen, centers[0], a[j], b[j], want, off + j * segLen);
            }
            k.affineThenStats(x, got, off, n, segLen, centers[0], a, b, x[off + n], stats);
            String what = "affineThenStats in " + segments + " segments";
            assertEquals(Double.doubleToRawLongBits(wantStats[0]), Double.doubleToRawLongBits(stats[0]), what + ": mean");
            assertEquals(Double.doubleToRawLongBits(wantStats[1]), Double.doubleToRawLongBits(stats[1]), what + ": M2");
            org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, what + ": row");
        }

        // Normalizing row 0 while taking row 1's statistics: normalize's bits and shiftedStats's.
        for (float[] b : new float[][] {bias, null}) {
            float[] want = new float[x.length], got = new float[x.length];
            k.normalize(x, off, n, centers[0], inv[0], offset[0], scale, 1, b, 1, want, off);
            k.normalizeThenStats(x, off, n, centers[0], inv[0], offset[0], scale, b, 1, got, off + n, x[off + n], stats);
            String what = "normalizeThenStats " + (b == null ? "without" : "with") + " bias";
            assertEquals(Double.doubleToRawLongBits(wantStats[0]), Double.doubleToRawLongBits(stats[0]), what + ": mean");
            assertEquals(Double.doubleToRawLongBits(wantStats[1]), Double.doubleToRawLongBits(stats[1]), what + ": M2");
            org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, what + ": row");
        }
        // With no y, only the statistics, of the row at statOff: shiftedStats's bits again.
        java.util.Arrays.fill(stats, Double.NaN);
        k.normalizeThenStats(x, off, n, centers[0], inv[0], offset[0], scale, bias, 1, null, off + n, x[off + n], stats);
        assertEquals(Double.doubleToRawLongBits(wantStats[0]), Double.doubleToRawLongBits(stats[0]), "statistics alone: mean");
        assertEquals(Double.doubleToRawLongBits(wantStats[1]), Double.doubleToRawLongBits(stats[1]), "statistics alone: M2");

        // RMS norm's pipeline: row 0 written while row 1's sum of squares is taken, with
        // centeredSumSquares's bits around 0; the row is x * invStd * scale (+ bias) rounded after
        // each operation (the bias by one fused multiply-add), in both kernels up to the rounding
        // of the scalar one's double; with no y, the squares alone.
        double wantSquares = k.centeredSumSquares(x, off + n, n, 0);
        for (float[] b : new float[][] {bias, null}) {
            float[] want = new float[x.length], got = new float[x.length];
            for (int i = 0; i < n; i++) {
                float t = x[off + i] * inv[0];
                want[off + i] = b == null ? t * scale[1 + i] : Math.fma(t, scale[1 + i], b[1 + i]);
            }
            double rowSquares = k.normalizeThenSquares(x, off, n, inv[0], scale, b, 1, got, off + n);
            String what = "normalizeThenSquares " + (b == null ? "without" : "with") + " bias";
            assertEquals(Double.doubleToRawLongBits(wantSquares), Double.doubleToRawLongBits(rowSquares), what + ": squares");
            if (k instanceof VectorNormKernel) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, what + ": row");
            } else {
                for (int i = 0; i < x.length; i++) assertEquals(want[i], got[i], 1e-6 * Math.abs(want[i]), what + ": element " + i);
            }
        }
        double alone = k.normalizeThenSquares(x, off, n, inv[0], scale, bias, 1, null, off + n);
        assertEquals(Double.doubleToRawLongBits(wantSquares), Double.doubleToRawLongBits(alone), "squares alone");
    }

    @TestFactory
    Stream<DynamicTest> affinePlanesGivesAffinesBitsPerPlane() {
        // Batch norm's planes as one stream: planes shorter than, equal to and longer than a vector,
        // 196 (14 x 14, a seam in most vectors) and 3136; runs starting at any plane, as threads
        // split them; NaN and Inf in place.
        return kernels().stream().flatMap(k -> Stream.of(1, 5, 16, 17, 31, 196, 3136).map(spatial -> DynamicTest.dynamicTest(
                k.name() + " spatial=" + spatial, () -> {
                    int channels = 5, planes = 3 * channels;
                    Random rnd = new Random(spatial);
                    float[] x = new float[planes * spatial];
                    for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() * 100 + 3);
                    x[x.length / 2] = Float.NaN;
                    x[x.length / 3] = Float.NEGATIVE_INFINITY;
                    float[] shift = new float[channels], a = new float[channels], b = new float[channels];
                    for (int c = 0; c < channels; c++) {
                        shift[c] = (float) rnd.nextGaussian();
                        a[c] = (float) (0.5 + rnd.nextDouble());
                        b[c] = (float) rnd.nextGaussian();
                    }
                    float[] want = new float[x.length];
                    for (int p = 0; p < planes; p++) {
                        int c = p % channels;
                        k.affine(x, p * spatial, spatial, shift[c], a[c], b[c], want, p * spatial);
                    }
                    for (int cut : new int[] {0, 1, 4, 7, planes - 1}) {
                        float[] got = new float[x.length];
                        k.affinePlanes(x, got, cut, planes, spatial, channels, shift, a, b);
                        k.affinePlanes(x, got, 0, cut, spatial, channels, shift, a, b);
                        org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, "split at plane " + cut);
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> addSkipRoundsEachAdd() {
        // The skip layer norms' sum, (x + skip) + bias rounded after each add, with and without
        // bias, over rows of odd and even lengths taken from any row.
        return kernels().stream().flatMap(k -> java.util.Arrays.stream(SIZES).boxed().map(n -> DynamicTest.dynamicTest(
                k.name() + " n=" + n, () -> {
                    int m = 5;
                    Random rnd = new Random(n);
                    float[] x = new float[m * n], skip = new float[m * n], bias = new float[n];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (rnd.nextGaussian() * 1e3);
                        skip[i] = (float) rnd.nextGaussian();
                    }
                    for (int i = 0; i < n; i++) bias[i] = (float) (rnd.nextGaussian() * 1e-3);
                    for (float[] b : new float[][] {bias, null}) {
                        float[] want = new float[x.length], got = new float[x.length];
                        for (int i = 0; i < x.length; i++) {
                            float t = x[i] + skip[i];
                            want[i] = b == null ? t : t + b[i % n];
                        }
                        k.addSkip(x, skip, b, got, 2, m, n);
                        k.addSkip(x, skip, b, got, 0, 2, n);
                        org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, b == null ? "without bias" : "with bias");
                    }
                })));
    }

    @Test
    void zenFourIsTheCpuThatSplitsWideVectors() {
        String zen4 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\n";
        String zen5 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\n";
        String xeon = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 167\n";
        assertTrue(VectorLanes.splitsWideVectors(zen4));
        assertTrue(!VectorLanes.splitsWideVectors(zen5) && !VectorLanes.splitsWideVectors(xeon));
        assertTrue(!VectorLanes.splitsWideVectors("vendor_id\t: AuthenticAMD\ncpu family\t: 250\n"));
    }

    @TestFactory
    Stream<DynamicTest> rmsRowsMatchDoubleReferenceWhateverTheSplit() {
        // The vector kernel's whole-chunk RMS rows: rows that share a vector at their seams (a
        // float[]'s rows of 2048 start 16 bytes past a line), a row with a NaN, one with an Inf, one
        // of values near the float max (its float squares overflow) and one of 1e35 (invStd under
        // 1e-30, written in double), against a double reference; -0 keeps its sign; and the same
        // bits when the rows are split into chunks at any row, as threads split them.
        NormKernel k = Kernels.vector().norm();
        org.junit.jupiter.api.Assumptions.assumeTrue(k != null, "no vector kernel on this JVM");
        return Stream.of(2048, 4096, 4160).map(n -> DynamicTest.dynamicTest("n=" + n, () -> {
            int m = 9;
            Random rnd = new Random(n);
            float[] x = new float[m * n], scale = new float[n];
            for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() * 3 + 0.5);
            for (int i = 0; i < n; i++) scale[i] = (float) (0.5 + rnd.nextDouble());
            x[n + 17] = Float.NaN;
            x[2 * n + n - 1] = Float.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) x[3 * n + i] = (float) (3e38 * (rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble());
            for (int i = 0; i < n; i++) x[4 * n + i] = (float) (1e35 * rnd.nextGaussian());
            x[5 * n] = -0.0f;
            float eps = 1e-5f;
            float[] y = new float[x.length], inv = new float[m];
            assertTrue(k.rmsRows(x, n, 0, m, eps, scale, y, inv), "the vector kernel takes rows of " + n);
            for (int r = 0; r < m; r++) {
                double sq = 0;
                for (int i = 0; i < n; i++) sq += (double) x[r * n + i] * x[r * n + i];
                double refInv = 1 / Math.sqrt(sq / n + eps);
                if (Double.isNaN(refInv)) assertTrue(Float.isNaN(inv[r]), "row " + r + " invStd: " + inv[r]);
                else assertEquals(refInv, inv[r], 1e-6 * refInv, "row " + r + " invStd");
                for (int i = 0; i < n; i++) {
                    double e = x[r * n + i] * refInv * scale[i];
                    float got = y[r * n + i];
                    String where = "row " + r + " element " + i;
                    if (Double.isNaN(e)) assertTrue(Float.isNaN(got), where + ": expected NaN, got " + got);
                    else assertEquals(e, got, 1e-5 * (1 + Math.abs(e)), where);
                }
            }
            assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(y[5 * n]), "-0 keeps its sign");
            for (int cut = 1; cut < m; cut++) {
                float[] y2 = new float[x.length], inv2 = new float[m];
                k.rmsRows(x, n, cut, m, eps, scale, y2, inv2);
                k.rmsRows(x, n, 0, cut, eps, scale, y2, inv2);
                org.junit.jupiter.api.Assertions.assertArrayEquals(y, y2, "split at row " + cut);
                org.junit.jupiter.api.Assertions.assertArrayEquals(inv, inv2, "invStd, split at row " + cut);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> statsMatchDoubleReference() {
        // Sizes around the vector kernel's STEP (64), its lead (rows of 2048 or more), its block
        // (4096) and tails; data with a large common offset, where E[x^2] - E[x]^2 would lose the
        // noise, with a wide spread, and constant rows, whose M2 must be exactly 0.
        int[] sizes = {1, 3, 17, 63, 64, 65, 767, 768, 1023, 2048, 2049, 3136, 4096, 4097, 10000};
        double[][] kinds = {{1e4, 0.01}, {1e6, 0.1}, {5, 1000}, {-3, 0}};
        return kernels().stream().flatMap(k -> java.util.Arrays.stream(sizes).boxed().flatMap(n -> java.util.Arrays.stream(kinds)
                .flatMap(kind -> Stream.of(3, 12).map(off -> DynamicTest.dynamicTest(
                        k.name() + " n=" + n + " mean=" + kind[0] + " sd=" + kind[1] + " off=" + off, () -> {
                            Random rnd = new Random(n * 7L + off);
                            float[] x = new float[off + n + 5];
                            for (int i = 0; i < x.length; i++) x[i] = (float) (kind[0] + kind[1] * rnd.nextGaussian());
                            float shift = x[off];
                            double s = 0;
                            for (int i = 0; i < n; i++) s += (double) x[off + i] - shift;
                            double mean = s / n, m2 = 0;
                            for (int i = 0; i < n; i++) {
                                double d = (double) x[off + i] - shift - mean;
                                m2 += d * d;
                            }
                            double[] got = new double[2];
                            k.shiftedStats(x, off, n, shift, got);
                            assertEquals(mean, got[0], 1e-6 * (Math.abs(mean) + Math.sqrt(m2 / n)) + 1e-12, "mean - shift");
                            if (kind[1] == 0) assertEquals(0.0, got[1], "M2 of a constant row");
                            else assertEquals(m2, got[1], 1e-5 * m2 + 1e-12, "M2");
                        })))));
    }

    @Test
    void statsOfRowsWithNaNOrInfAreNaN() {
        for (NormKernel k : kernels()) {
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
                float[] x = new float[3136];
                for (int i = 0; i < x.length; i++) x[i] = i % 7;
                x[1000] = bad;
                double[] got = new double[2];
                k.shiftedStats(x, 0, x.length, 0f, got);
                assertTrue(Double.isNaN(got[1]) || Double.isInfinite(got[0]), k.name() + " with " + bad + ": " + got[0] + ", " + got[1]);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> rowGroupSumsMatchDoubleReference() {
        return kernels().stream().flatMap(k -> java.util.Arrays.stream(SIZES).boxed().flatMap(n -> Stream.of(1, 3, 4).map(rows ->
                DynamicTest.dynamicTest(k.name() + " n=" + n + " rows=" + rows, () -> {
                    Random rnd = new Random(n);
                    float[] x = new float[2 + rows * n];
                    for (int i = 0; i < x.length; i++) x[i] = (float) (1e4 + rnd.nextGaussian() * 0.01);
                    float[] shift = new float[rows], center = new float[rows];
                    for (int j = 0; j < rows; j++) {
                        shift[j] = x[2 + j * n];
                        center[j] = (float) (1e4 + 0.001 * j);
                    }
                    double[] sums = new double[rows], squares = new double[rows];
                    k.shiftedSums(x, 2, n, rows, shift, sums);
                    k.centeredSquares(x, 2, n, rows, center, squares);
                    for (int j = 0; j < rows; j++) {
                        double sum = 0, sq = 0;
                        for (int i = 0; i < n; i++) {
                            sum += (double) x[2 + j * n + i] - shift[j];
                            double d = (double) x[2 + j * n + i] - center[j];
                            sq += d * d;
                        }
                        assertEquals(sum, sums[j], 1e-6 * n, "sum of row " + j);
                        assertEquals(sq, squares[j], 1e-5 * sq + 1e-12, "squares of row " + j);
                    }
                }))));
    }

    private static void check(NormKernel k, int n) {
        Random rnd = new Random(n);
        int off = 5;
        float[] x = new float[off + n + 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) (1e4 + rnd.nextGaussian() * 0.01);
        float shift = x[off];
        double ref = 0;
        for (int i = 0; i < n; i++) ref += (double) x[off + i] - shift;
        assertEquals(ref, k.shiftedSum(x, off, n, shift), 1e-6 * n, "shiftedSum");
        double mean = shift + ref / n;
        float center = (float) mean;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) x[off + i] - center;
            sq += d * d;
        }
        assertEquals(sq, k.centeredSumSquares(x, off, n, center), 1e-5 * sq + 1e-12, "centeredSumSquares");

        float[] scale = new float[n + 2];
        float[] bias = new float[n + 2];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = (float) rnd.nextGaussian();
            bias[i] = (float) rnd.nextGaussian();
        }
        float inv = 37.5f;
        float[] y = new float[n + 4];
        float[] yNoBias = new float[n + 4];
        float[] ya = new float[n + 4];
        float offset = (float) (-(mean - center) * inv);
        k.normalize(x, off, n, center, inv, offset, scale, 1, bias, 2, y, 4);
        k.normalize(x, off, n, center, inv, offset, scale, 1, null, 0, yNoBias, 4);
        k.affine(x, off, n, shift, 3.25f, -1.5f, ya, 4);
        for (int i = 0; i < n; i++) {
            double e = ((double) x[off + i] - mean) * inv * scale[1 + i];
            assertEquals(e + bias[2 + i], y[4 + i], 1e-5 * (1 + Math.abs(e + bias[2 + i])), "normalize " + i);
            assertEquals(e, yNoBias[4 + i], 1e-5 * (1 + Math.abs(e)), "normalize without bias " + i);
            double a = ((double) x[off + i] - shift) * 3.25 - 1.5;
            assertEquals(a, ya[4 + i], 1e-5 * (1 + Math.abs(a)), "affine " + i);
        }
        assertEquals(0f, y[3], "normalize wrote before its output range");
    }

    @Test
    void sumsNearTheFloatRangeDoNotOverflow() {
        for (NormKernel k : kernels()) {
            float[] x = new float[4096];
            for (int i = 0; i < x.length; i++) x[i] = (i % 2 == 0 ? 3e38f : -3e38f);
            double s = k.shiftedSum(x, 0, x.length, 0f);
            double sq = k.centeredSumSquares(x, 0, x.length, 0f);
            double[] stats = new double[2];
            k.shiftedStats(x, 0, x.length, 0f, stats);
            assertEquals(0.0, s, "shiftedSum " + k.name());
            assertTrue(Double.isFinite(sq) && Math.abs(sq / (4096 * 9e76) - 1) < 1e-6, "sum of squares " + k.name() + ": " + sq);
            assertEquals(0.0, stats[0], "mean " + k.name());
            assertTrue(Math.abs(stats[1] / (4096 * 9e76) - 1) < 1e-6, "M2 " + k.name() + ": " + stats[1]);
        }
    }
}
