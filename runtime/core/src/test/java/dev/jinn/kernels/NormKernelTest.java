package dev.jinn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        k.add(NormKernels.scalar());
        k.add(NormKernels.vector());
        return k;
    }

    @Test
    void vectorKernelIsAvailableAndChosen() {
        // The build runs tests with --add-modules jdk.incubator.vector, so the vector kernel must load.
        assertNotNull(NormKernels.vector(), "vector kernel");
        if (!"scalar".equals(System.getProperty("jinn.kernels"))) {
            assertEquals(NormKernels.vector().name(), NormKernels.get().name());
        }
    }

    @TestFactory
    Stream<DynamicTest> loopsMatchDoubleReference() {
        return kernels().stream().flatMap(k -> java.util.Arrays.stream(SIZES).boxed().map(n -> DynamicTest.dynamicTest(
                k.name() + " n=" + n, () -> check(k, n))));
    }

    @TestFactory
    Stream<DynamicTest> fusedFormsGiveBitwiseTheSameAsTheirTwoCalls() {
        // Rows are split across threads at any boundary, and a chunk's first row takes the plain
        // shiftedSum: the fused forms must return the same bits, or results would follow the thread
        // count. 10000 crosses the vector kernel's summing block; NaNs and huge values take the
        // not-finite fallbacks.
        int[] sizes = {1, 3, 15, 16, 17, 64, 767, 768, 1023, 4096, 6272, 8192, 10000};
        return kernels().stream().flatMap(k -> java.util.Arrays.stream(sizes).boxed().flatMap(n -> Stream.of(0, 1, 2).map(kind ->
                DynamicTest.dynamicTest(k.name() + " n=" + n + " kind=" + kind, () -> checkFused(k, n, kind)))));
    }

    private static void checkFused(NormKernel k, int n, int kind) {
        Random rnd = new Random(31L * n + kind);
        int off = 3, sq = off + n, next = sq + n;
        float[] x = new float[off + 3 * n + 1];
        // Values with full mantissas, so that float sums taken in another order round differently.
        for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() * 1000);
        if (kind == 1) {
            x[sq + n / 2] = Float.NaN;
            x[next + n - 1] = 3e38f;
        }
        if (kind == 2) {
            x[sq + n - 1] = 3e38f;
            x[next + n / 2] = Float.NaN;
        }
        float[] scale = new float[n + 1], bias = new float[n + 1];
        for (int i = 0; i <= n; i++) {
            scale[i] = 1 + 0.01f * i;
            bias[i] = -0.5f + 0.001f * i;
        }
        float center = x[off] + 0.25f, sqCenter = x[sq] - 0.5f, nextShift = x[next];
        double wantSquares = k.centeredSumSquares(x, sq, n, sqCenter);
        double wantSum = k.shiftedSum(x, next, n, nextShift);
        // y is indexed as x; scale and bias from offset 1.
        float[] want = new float[x.length], got = new float[x.length];
        k.normalize(x, off, n, center, 0.9f, 0.125f, scale, 1, bias, 1, want, off);
        double[] sums = new double[2];
        k.normalizeThenSums(x, got, off, n, center, 0.9f, 0.125f, scale, bias, 1, sqCenter, true, nextShift, sums);
        assertEquals(Double.doubleToRawLongBits(wantSquares), Double.doubleToRawLongBits(sums[0]),
                "normalizeThenSums' squares: " + wantSquares + " vs " + sums[0]);
        assertEquals(Double.doubleToRawLongBits(wantSum), Double.doubleToRawLongBits(sums[1]),
                "normalizeThenSums' sum: " + wantSum + " vs " + sums[1]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, "normalizeThenSums' row");

        // As one channel, and (where n splits) as channels of n / 2 and n / 64 elements with their own maps.
        for (int segments : new int[] {1, 2, 64}) {
            if (n % segments != 0) continue;
            int segLen = n / segments;
            float[] a = new float[segments], b = new float[segments];
            for (int j = 0; j < segments; j++) {
                a[j] = 0.9f + 0.01f * j;
                b[j] = 0.125f - 0.02f * j;
                k.affine(x, off + j * segLen, segLen, center, a[j], b[j], want, off + j * segLen);
            }
            double[] affineSums = new double[2];
            k.affineThenSums(x, got, off, n, segLen, center, a, b, sqCenter, true, nextShift, affineSums);
            String what = "affineThenSums in " + segments + " segments";
            assertEquals(Double.doubleToRawLongBits(wantSquares), Double.doubleToRawLongBits(affineSums[0]), what + ": squares");
            assertEquals(Double.doubleToRawLongBits(wantSum), Double.doubleToRawLongBits(affineSums[1]), what + ": sum");
            org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, what + ": row");
        }

        // No bias and no row to sum, as RMS normalization calls it: the sum slot is left alone.
        k.normalize(x, off, n, center, 0.9f, 0.125f, scale, 1, null, 0, want, off);
        double[] squaresOnly = {0, 42};
        k.normalizeThenSums(x, got, off, n, center, 0.9f, 0.125f, scale, null, 1, sqCenter, false, 0, squaresOnly);
        assertEquals(Double.doubleToRawLongBits(wantSquares), Double.doubleToRawLongBits(squaresOnly[0]), "squares without a sum row");
        assertEquals(42.0, squaresOnly[1], "the sum slot without a sum row");
        org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, "normalizeThenSums' row without bias");
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
            assertEquals(0.0, s, "shiftedSum " + k.name());
            assertTrue(Double.isFinite(sq) && Math.abs(sq / (4096 * 9e76) - 1) < 1e-6, "sum of squares " + k.name() + ": " + sq);
        }
    }
}
