package dev.jinn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 elementwise loops over one broadcast run (see {@link Broadcast}): each input has stride 1
 * (contiguous) or 0 (one value held for the whole run). The Vector API paths sit beside plain scalar
 * ones ({@code *Scalar}) that the tests hold them to. Each vector op is spelled out rather than
 * passed as a {@code VectorOperators} argument, because the Vector API only compiles to SIMD when
 * the operator is a constant at the call.
 */
public final class ElementwiseKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private ElementwiseKernels() {}

    /** The four arithmetic operators with vector paths. */
    public enum Arith { ADD, SUB, MUL, DIV }

    /** A unary float formula for the scalar paths. */
    @FunctionalInterface
    public interface FloatFn {
        float apply(float x);
    }

    /** A binary float formula for the scalar paths. */
    @FunctionalInterface
    public interface FloatFn2 {
        float apply(float a, float b);
    }

    public static void arith(Arith op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        switch (op) {
            case ADD -> add(a, ao, as, b, bo, bs, y, yo, n);
            case SUB -> sub(a, ao, as, b, bo, bs, y, yo, n);
            case MUL -> mul(a, ao, as, b, bo, bs, y, yo, n);
            case DIV -> div(a, ao, as, b, bo, bs, y, yo, n);
        }
    }

    public static void arithScalar(Arith op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        FloatFn2 f = switch (op) {
            case ADD -> Float::sum;
            case SUB -> (p, q) -> p - q;
            case MUL -> (p, q) -> p * q;
            case DIV -> (p, q) -> p / q;
        };
        binaryScalar(f, a, ao, as, b, bo, bs, y, yo, n);
    }

    /** scalar: y[i] = f(a[ao + i*as], b[bo + i*bs]) */
    public static void binaryScalar(FloatFn2 f, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] = f.apply(a[ao + i * as], b[bo + i * bs]);
    }

    private static void add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        // scalar: y = a + b
        if (as == 1 && bs == 1) {
            for (; i < bound; i += S.length()) {
                FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
            }
        } else if (as == 1) {
            FloatVector q = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, ao + i).add(q).intoArray(y, yo + i);
        } else if (bs == 1) {
            FloatVector p = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += S.length()) p.add(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = a[ao + i * as] + b[bo + i * bs];
    }

    private static void sub(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        // scalar: y = a - b
        if (as == 1 && bs == 1) {
            for (; i < bound; i += S.length()) {
                FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
            }
        } else if (as == 1) {
            FloatVector q = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, ao + i).sub(q).intoArray(y, yo + i);
        } else if (bs == 1) {
            FloatVector p = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += S.length()) p.sub(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = a[ao + i * as] - b[bo + i * bs];
    }

    private static void mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        // scalar: y = a * b
        if (as == 1 && bs == 1) {
            for (; i < bound; i += S.length()) {
                FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
            }
        } else if (as == 1) {
            FloatVector q = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, ao + i).mul(q).intoArray(y, yo + i);
        } else if (bs == 1) {
            FloatVector p = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += S.length()) p.mul(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = a[ao + i * as] * b[bo + i * bs];
    }

    private static void div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        // scalar: y = a / b
        if (as == 1 && bs == 1) {
            for (; i < bound; i += S.length()) {
                FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
            }
        } else if (as == 1) {
            FloatVector q = FloatVector.broadcast(S, b[bo]);
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, ao + i).div(q).intoArray(y, yo + i);
        } else if (bs == 1) {
            FloatVector p = FloatVector.broadcast(S, a[ao]);
            for (; i < bound; i += S.length()) p.div(FloatVector.fromArray(S, b, bo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = a[ao + i * as] / b[bo + i * bs];
    }

    /** Unary formulas with vector paths. */
    public enum Fn { EXP, TANH, SQRT, RELU, SIGMOID, ERF, GELU, GELU_TANH }

    /** scalar: y[i] = fn(x[i]) over [from, to), via {@link #scalar(Fn)}. */
    public static void unaryScalar(Fn fn, float[] x, float[] y, int from, int to) {
        FloatFn f = scalar(fn);
        for (int i = from; i < to; i++) y[i] = f.apply(x[i]);
    }

    private static FloatFn scalar(Fn fn) {
        return switch (fn) {
            case EXP -> v -> (float) Math.exp(v);
            case TANH -> v -> (float) Math.tanh(v);
            case SQRT -> v -> (float) Math.sqrt(v);
            case RELU -> v -> v > 0 ? v : v == v ? 0f : v;
            case SIGMOID -> ElementwiseKernels::sigmoid;
            case ERF -> ElementwiseKernels::erf;
            case GELU -> v -> (float) (0.5 * v * (1 + erf(v * 0.7071067811865476)));
            case GELU_TANH -> v -> (float) (0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * (double) v * v * v))));
        };
    }

    private static final double SQRT_2_OVER_PI = 0.7978845608028654;

    // One small method per formula: in a single large method C2 would not inline the vector helpers
    // (erf) and would box every vector, several times slower.
    public static void unary(Fn fn, float[] x, float[] y, int from, int to) {
        int bound = from + S.loopBound(to - from);
        int i = switch (fn) {
            case EXP -> exp(x, y, from, bound);
            case TANH -> tanh(x, y, from, bound);
            case SQRT -> sqrt(x, y, from, bound);
            case RELU -> relu(x, y, from, bound);
            case SIGMOID -> sigmoid(x, y, from, bound);
            case ERF -> erf(x, y, from, bound);
            case GELU -> gelu(x, y, from, bound);
            case GELU_TANH -> geluTanh(x, y, from, bound);
        };
        if (i < to) unaryScalar(fn, x, y, i, to);
    }

    private static int exp(float[] x, float[] y, int i, int bound) {
        // scalar: y = exp(x)
        for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
        return i;
    }

    private static int tanh(float[] x, float[] y, int i, int bound) {
        // scalar: y = tanh(x)
        for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
        return i;
    }

    private static int sqrt(float[] x, float[] y, int i, int bound) {
        // scalar: y = sqrt(x)
        for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, i).sqrt().intoArray(y, i);
        return i;
    }

    private static int relu(float[] x, float[] y, int i, int bound) {
        // scalar: y = x > 0 ? x : 0 (NaN stays NaN: max() propagates it)
        FloatVector zero = FloatVector.zero(S);
        for (; i < bound; i += S.length()) FloatVector.fromArray(S, x, i).max(zero).intoArray(y, i);
        return i;
    }

    private static int sigmoid(float[] x, float[] y, int i, int bound) {
        // scalar: y = 1 / (1 + exp(-x))
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += S.length()) {
            one.div(one.add(FloatVector.fromArray(S, x, i).neg().lanewise(VectorOperators.EXP))).intoArray(y, i);
        }
        return i;
    }

    private static int erf(float[] x, float[] y, int i, int bound) {
        // scalar: y = erf(x)
        for (; i < bound; i += S.length()) erf(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        return i;
    }

    private static int gelu(float[] x, float[] y, int i, int bound) {
        // scalar: y = 0.5 * x * (1 + erf(x / sqrt(2)))
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.mul(0.5f).mul(erf(v.mul(0.70710677f)).add(1f)).intoArray(y, i);
        }
        return i;
    }

    private static int geluTanh(float[] x, float[] y, int i, int bound) {
        // scalar: y = 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector inner = v.mul(v).mul(v).fma(FloatVector.broadcast(S, 0.044715f), v).mul((float) SQRT_2_OVER_PI);
            v.mul(0.5f).mul(inner.lanewise(VectorOperators.TANH).add(1f)).intoArray(y, i);
        }
        return i;
    }

    /** 1 / (1 + exp(-x)), written so that neither branch overflows. */
    public static float sigmoid(float x) {
        if (x >= 0) return (float) (1.0 / (1.0 + Math.exp(-x)));
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    // Rational approximation of erf on [-4, 4] (beyond it erf is +-1 in float32), the one Eigen and
    // XLA use: x * P(x^2) / Q(x^2), within a few float32 ulps.
    private static final float[] ERF_P = {-2.72614225801306e-10f, 2.77068142495902e-08f, -2.10102402082508e-06f,
            -5.69250639462346e-05f, -7.34990630326855e-04f, -2.95459980854025e-03f, -1.60960333262415e-02f};
    private static final float[] ERF_Q = {-1.45660718464996e-05f, -2.13374055278905e-04f, -1.68282697438203e-03f,
            -7.37332916720468e-03f, -1.42647390514189e-02f};

    public static float erf(float x) {
        if (Float.isNaN(x)) return x;
        float c = Math.max(-4f, Math.min(4f, x));
        float x2 = c * c;
        float p = ERF_P[0];
        for (int k = 1; k < ERF_P.length; k++) p = Math.fma(x2, p, ERF_P[k]);
        float q = ERF_Q[0];
        for (int k = 1; k < ERF_Q.length; k++) q = Math.fma(x2, q, ERF_Q[k]);
        return c * p / q;
    }

    // Unrolled by hand with the coefficients as constants: a loop over them would carry vectors
    // through a loop phi, which C2 boxes.
    private static FloatVector erf(FloatVector x) {
        FloatVector c = x.max(-4f).min(4f);
        FloatVector x2 = c.mul(c);
        FloatVector p = x2.fma(-2.72614225801306e-10f, 2.77068142495902e-08f)
                .fma(x2, FloatVector.broadcast(S, -2.10102402082508e-06f))
                .fma(x2, FloatVector.broadcast(S, -5.69250639462346e-05f))
                .fma(x2, FloatVector.broadcast(S, -7.34990630326855e-04f))
                .fma(x2, FloatVector.broadcast(S, -2.95459980854025e-03f))
                .fma(x2, FloatVector.broadcast(S, -1.60960333262415e-02f));
        FloatVector q = x2.fma(-1.45660718464996e-05f, -2.13374055278905e-04f)
                .fma(x2, FloatVector.broadcast(S, -1.68282697438203e-03f))
                .fma(x2, FloatVector.broadcast(S, -7.37332916720468e-03f))
                .fma(x2, FloatVector.broadcast(S, -1.42647390514189e-02f));
        return c.mul(p).div(q);
    }

    /**
     * erf in double precision, for float64 tensors and as the reference the float paths are tested
     * against: erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)), a series of
     * positive terms (no cancellation) that converges for every x; beyond |x| = 6 erf is +-1 in double.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax >= 6) return Math.signum(x);
        double x2 = ax * ax;
        double term = ax;
        double sum = ax;
        for (int n = 1; n < 500 && term > sum * 1e-17; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        double r = 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
        return Math.copySign(Math.min(r, 1.0), x);
    }
}
