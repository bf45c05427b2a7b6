package dev.jinn.kernels.elementwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jinn.kernels.Broadcast;
import dev.jinn.kernels.Kernels;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The vector paths against double-precision scalar references, over odd sizes so every loop tail runs,
 * and the broadcast plan against a naive index computation.
 */
class ElementwiseKernelTest {
    private static final int[] SIZES = {1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 63, 65, 127, 1000, 1031};

    private static float[] random(Random r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (r.nextFloat() * 2 - 1) * scale;
        return v;
    }

    private static double reference(ElementwiseKernel.Arith op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
        };
    }

    @Test
    void arithmeticMatchesDoubleReferenceForEveryStridePattern() {
        Random r = new Random(1);
        int[][] strides = {{1, 1}, {1, 0}, {0, 1}, {0, 0}};
        for (ElementwiseKernel.Arith op : ElementwiseKernel.Arith.values()) {
            for (int n : SIZES) {
                for (int[] st : strides) {
                    // Offsets of 3 and 5 keep the vector loads unaligned, as runs inside a broadcast are.
                    float[] a = random(r, n + 3, 10);
                    float[] b = random(r, n + 5, 10);
                    float[] y = new float[n + 2];
                    Kernels.elementwise().arith(op, a, 3, st[0], b, 5, st[1], y, 2, n);
                    for (int i = 0; i < n; i++) {
                        // float32 +-*/ rounded once equal the double result rounded to float32.
                        float expected = (float) reference(op, a[3 + i * st[0]], b[5 + i * st[1]]);
                        assertEquals(expected, y[2 + i], 0f, op + " n=" + n + " strides " + st[0] + "," + st[1] + " at " + i);
                    }
                    float[] s = new float[n + 2];
                    Kernels.scalar().elementwise().arith(op, a, 3, st[0], b, 5, st[1], s, 2, n);
                    assertArrayEquals(s, y, op + " vector vs scalar, n=" + n);
                }
            }
        }
    }

    private static DoubleUnaryOperator reference(ElementwiseKernel.Fn fn) {
        return switch (fn) {
            case EXP -> Math::exp;
            case TANH -> Math::tanh;
            case SQRT -> Math::sqrt;
            case RELU -> x -> Math.max(x, 0);
            case SIGMOID -> x -> 1 / (1 + Math.exp(-x));
            case ERF -> ScalarElementwiseKernel::erf;
            case GELU -> x -> 0.5 * x * (1 + ScalarElementwiseKernel.erf(x / Math.sqrt(2)));
            case GELU_TANH -> x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            case HARD_SWISH -> x -> x * Math.min(Math.max(x / 6 + 0.5, 0), 1);
        };
    }

    /**
     * Exact GELU loses absolute accuracy far below zero, where 1 + erf(x / sqrt 2) cancels in float32
     * (as ONNX Runtime's float kernel does too): up to ~7e-7 near x = -5.5, on outputs of ~1e-7.
     */
    private static double atol(ElementwiseKernel.Fn fn) {
        return fn == ElementwiseKernel.Fn.GELU ? 1e-6 : 1e-7;
    }

    @Test
    void unaryMatchesDoubleReference() {
        Random r = new Random(2);
        for (ElementwiseKernel.Fn fn : ElementwiseKernel.Fn.values()) {
            DoubleUnaryOperator ref = reference(fn);
            for (int n : SIZES) {
                float[] x = random(r, n + 4, fn == ElementwiseKernel.Fn.EXP ? 20 : 6);
                if (fn == ElementwiseKernel.Fn.SQRT) for (int i = 0; i < x.length; i++) x[i] = Math.abs(x[i]);
                float[] y = new float[n + 4];
                float[] s = new float[n + 4];
                Kernels.elementwise().unary(fn, x, y, 4, n + 4);
                Kernels.scalar().elementwise().unary(fn, x, s, 4, n + 4);
                for (int i = 4; i < n + 4; i++) {
                    double e = ref.applyAsDouble(x[i]);
                    double tol = 4e-6 * Math.abs(e) + atol(fn);
                    assertTrue(Math.abs(y[i] - e) <= tol, fn + " vector x=" + x[i] + ": expected " + e + ", got " + y[i]);
                    assertTrue(Math.abs(s[i] - e) <= tol, fn + " scalar x=" + x[i] + ": expected " + e + ", got " + s[i]);
                }
            }
        }
    }

    @Test
    void unaryPropagatesNaNAndSaturates() {
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 100f, -100f, 0f, -0f, 1e-30f,
            Float.NaN, 50f, -50f, 3f, -3f, 9f, -9f, 0.5f, 1f};
        for (ElementwiseKernel.Fn fn : ElementwiseKernel.Fn.values()) {
            DoubleUnaryOperator ref = reference(fn);
            float[] y = new float[x.length];
            Kernels.elementwise().unary(fn, x, y, 0, x.length);
            for (int i = 0; i < x.length; i++) {
                double e = ref.applyAsDouble(x[i]);
                if (Float.isInfinite((float) e)) e = (float) e;
                if (Double.isNaN(e)) {
                    assertTrue(Float.isNaN(y[i]), fn + "(" + x[i] + ") should be NaN, got " + y[i]);
                } else if (Double.isInfinite(e)) {
                    assertEquals((float) e, y[i], fn + "(" + x[i] + ")");
                } else {
                    assertTrue(Math.abs(y[i] - e) <= 4e-6 * Math.abs(e) + atol(fn), fn + "(" + x[i] + "): expected " + e + ", got " + y[i]);
                }
            }
        }
    }

    /**
     * exp, tanh and sigmoid, both kernels, within 1, 1 and 2 ulps of the double result rounded to
     * float32: at 2^18 floats spread evenly over the bit patterns of the range (so every binade, the
     * subnormal results of exp among them) and at the edges where exp overflows or underflows. An
     * infinite result must be exactly that.
     */
    @Test
    void expTanhAndSigmoidAreWithinAnUlpOrTwoOfTheRoundedDouble() {
        checkUlps(ElementwiseKernel.Fn.EXP, Math::exp, -110f, 95f, 1);
        checkUlps(ElementwiseKernel.Fn.TANH, Math::tanh, -12f, 12f, 1);
        checkUlps(ElementwiseKernel.Fn.SIGMOID, x -> 1 / (1 + Math.exp(-x)), -120f, 40f, 2);
    }

    private static void checkUlps(ElementwiseKernel.Fn fn, DoubleUnaryOperator ref, float lo, float hi, int maxUlps) {
        int n = 1 << 18;
        float[] x = new float[n + 8];
        int neg = Float.floatToRawIntBits(-lo), pos = Float.floatToRawIntBits(hi);
        for (int i = 0; i < n / 2; i++) {
            x[i] = -Float.intBitsToFloat((int) ((long) neg * i / (n / 2)));
            x[n / 2 + i] = Float.intBitsToFloat((int) ((long) pos * i / (n / 2)));
        }
        // ln(Float.MAX_VALUE) lies between the first two, ln(2^-150) between the next two.
        float[] edges = {88.72283f, 88.72284f, -103.97207f, -103.97208f, -87.33655f, lo, hi, Math.nextDown(0.625f)};
        System.arraycopy(edges, 0, x, n, edges.length);
        for (ElementwiseKernel k : new ElementwiseKernel[] {Kernels.elementwise(), Kernels.scalar().elementwise()}) {
            float[] y = new float[x.length];
            k.unary(fn, x, y, 0, x.length);
            for (int i = 0; i < x.length; i++) {
                float want = (float) ref.applyAsDouble(x[i]);
                if (ulps(want, y[i]) > maxUlps) fail(k.name() + " " + fn + "(" + x[i] + "): expected " + want + ", got " + y[i]);
            }
        }
    }

    /** Floats between a and b, with +0 and -0 one value; infinite only where both are. */
    private static long ulps(float a, float b) {
        if (Float.isInfinite(a) || Float.isInfinite(b)) return a == b ? 0 : Long.MAX_VALUE;
        return Math.abs(ordered(a) - ordered(b));
    }

    private static long ordered(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits < 0 ? -(long) (bits & 0x7fffffff) : bits;
    }

    @Test
    void erfDoubleMatchesKnownValues() {
        // erf(0.5), erf(1), erf(2), erf(3) to 16 digits (Abramowitz & Stegun, table 7.1).
        assertEquals(0.5204998778130465, ScalarElementwiseKernel.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, ScalarElementwiseKernel.erf(1.0), 1e-15);
        assertEquals(0.9953222650189527, ScalarElementwiseKernel.erf(2.0), 1e-15);
        assertEquals(0.9999779095030014, ScalarElementwiseKernel.erf(3.0), 1e-15);
        assertEquals(-0.8427007929497149, ScalarElementwiseKernel.erf(-1.0), 1e-15);
        assertEquals(1e-10 * 2 / Math.sqrt(Math.PI), ScalarElementwiseKernel.erf(1e-10), 1e-25);
    }

    @Test
    void broadcastRunsVisitEveryElementLikeNaiveIndexing() {
        int[][][] cases = {
            {{2, 3, 7}, {7}}, {{2, 3, 4, 5}, {3, 1, 1}}, {{3, 1}, {1, 4}}, {{5}, {5}}, {{1}, {2, 3}},
            {{2, 1, 3}, {4, 1}}, {{}, {2, 2}}, {{2, 0, 3}, {3}}, {{1, 1, 33}, {33}}, {{4, 33}, {4, 1}},
        };
        Random r = new Random(3);
        for (int[][] c : cases) {
            Broadcast b = Broadcast.of(c[0], c[1]);
            int[] out = b.shape();
            int n = b.size();
            float[] x = random(r, size(c[0]), 4);
            float[] y = random(r, size(c[1]), 4);
            float[] got = new float[n];
            b.forRuns(0, b.runs(), (off, o, len) ->
                    Kernels.elementwise().arith(ElementwiseKernel.Arith.SUB, x, off[0], b.stride(0), y, off[1], b.stride(1), got, o, len));
            for (int i = 0; i < n; i++) {
                float expected = x[naive(out, c[0], i)] - y[naive(out, c[1], i)];
                assertEquals(expected, got[i], 0f, java.util.Arrays.deepToString(c) + " at " + i);
            }
            int slices = 3;
            float[] sliced = new float[n];
            b.forSlices(0, b.runs() == 1 ? slices : b.runs(), slices, (off, o, len) ->
                    Kernels.elementwise().arith(ElementwiseKernel.Arith.SUB, x, off[0], b.stride(0), y, off[1], b.stride(1), sliced, o, len));
            assertArrayEquals(got, sliced, "slices of " + java.util.Arrays.deepToString(c));
        }
    }

    private static int size(int[] s) {
        int n = 1;
        for (int d : s) n *= d;
        return n;
    }

    /** The flat index in an input of shape {@code in} that output element {@code flat} of {@code out} reads. */
    private static int naive(int[] out, int[] in, int flat) {
        int idx = 0;
        int stride = 1;
        for (int d = out.length - 1, e = in.length - 1; d >= 0; d--, e--) {
            int coord = flat % out[d];
            flat /= out[d];
            if (e >= 0) {
                if (in[e] != 1) idx += coord * stride;
                stride *= in[e];
            }
        }
        return idx;
    }
}
