package dev.jinn.kernels.elementwise;

/**
 * The plain loops, and the scalar formulas that the vector kernel's tails and the ops without a
 * vector path share: the reference {@link VectorElementwiseKernel} is tested against.
 */
public final class ScalarElementwiseKernel implements ElementwiseKernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void arith(Arith op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] + b[bo + i * bs]; }
            case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] - b[bo + i * bs]; }
            case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] * b[bo + i * bs]; }
            case DIV -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i * as] / b[bo + i * bs]; }
        }
    }

    @Override
    public void unary(Fn fn, float[] x, float[] y, int from, int to) {
        FloatFn f = formula(fn);
        for (int i = from; i < to; i++) y[i] = f.apply(x[i]);
    }

    @Override
    public void clamp(float[] y, int from, int to, float a, float b, float lo, float hi) {
        boolean affine = a != 1f || b != 0f;
        for (int i = from; i < to; i++) y[i] = Math.min(Math.max(affine ? y[i] * a + b : y[i], lo), hi);
    }

    @Override
    public void leakyRelu(float[] y, int from, int to, float alpha) {
        for (int i = from; i < to; i++) if (y[i] < 0) y[i] *= alpha;
    }

    /** The scalar formula of {@code fn}. */
    public static FloatFn formula(Fn fn) {
        return switch (fn) {
            case EXP -> ScalarElementwiseKernel::exp;
            case TANH -> ScalarElementwiseKernel::tanh;
            case SQRT -> v -> (float) Math.sqrt(v);
            case RELU -> v -> v > 0 ? v : v == v ? 0f : v;
            case SIGMOID -> ScalarElementwiseKernel::sigmoid;
            case ERF -> ScalarElementwiseKernel::erf;
            case GELU -> ScalarElementwiseKernel::gelu;
            case GELU_TANH -> ScalarElementwiseKernel::geluTanh;
            case HARD_SWISH -> v -> v * Math.min(Math.max(v * (1f / 6) + 0.5f, 0f), 1f);
        };
    }

    // e^x = 2^n * e^r with n = rint(x / ln 2) and |r| <= ln(2) / 2: r by Cody and Waite's two-part ln 2,
    // e^r = 1 + r + r^2 * P(r), P Cephes' expf polynomial; within 1 ulp of e^x rounded, over every float.
    // Adding ROUND (1.5 * 2^23) to x / ln 2 rounds it to the integer n, left in the low bits of the sum t:
    // the bits of t shifted left by 23 are n's exponent field (ROUND's own bits shift out), and those of
    // t / 2 the field of floor(n / 2).
    static final float EXP_MIN = -104f, EXP_MAX = 89f;
    static final float LOG2E = 1.44269504088896341f, ROUND = 0x1.8p23f;
    static final int ONE_BITS = 127 << 23;
    static final float LN2_HI = 0.693145751953125f, LN2_LO = 1.428606765330187045e-06f;
    static final float EXP_P0 = 1.9875691500e-4f, EXP_P1 = 1.3981999507e-3f, EXP_P2 = 8.3334519073e-3f,
            EXP_P3 = 4.1665795894e-2f, EXP_P4 = 1.6666665459e-1f, EXP_P5 = 5.0000001201e-1f;

    /**
     * e^x in float32 arithmetic alone, so that it gives the same bits interpreted and compiled (C2
     * gives the Vector API's EXP its own routine) and the same as {@link VectorElementwiseKernel}'s
     * twin lane by lane. Beyond ln(Float.MAX_VALUE) it is +Inf, below ln(2^-150) 0, between them
     * subnormal where e^x is: 2^n is applied in two halves, each a normal float.
     */
    public static float exp(float x) {
        return exp(x, EXP_MAX);
    }

    /** e^min(x, max) for max <= EXP_MAX: a caller's own clamp folded into the one exp takes anyway. */
    private static float exp(float x, float max) {
        float c = x > max ? max : x < EXP_MIN ? EXP_MIN : x;
        float t = Math.fma(c, LOG2E, ROUND);
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, c));
        float p = Math.fma(EXP_P0, r, EXP_P1);
        p = Math.fma(p, r, EXP_P2);
        p = Math.fma(p, r, EXP_P3);
        p = Math.fma(p, r, EXP_P4);
        p = Math.fma(p, r, EXP_P5);
        float y = Math.fma(p, r * r, r) + 1f;
        int bits = Float.floatToRawIntBits(t);
        int k = bits << 23, half = (bits >> 1) << 23;
        return y * Float.intBitsToFloat(half + ONE_BITS) * Float.intBitsToFloat(k - half + ONE_BITS);
    }

    // tanh|x| below TANH_SMALL: |x| + |x|^3 * P(x^2), Cephes' tanhf polynomial; above it
    // 1 - 2 / (e^2|x| + 1), which reaches 1 once e^2|x| is +Inf. Within 1 ulp of tanh rounded over [-10, 10].
    static final float TANH_SMALL = 0.625f;
    static final float TANH_P0 = -5.70498872745e-3f, TANH_P1 = 2.06390887954e-2f, TANH_P2 = -5.37397155531e-2f,
            TANH_P3 = 1.33314422036e-1f, TANH_P4 = -3.33332819422e-1f;

    /** tanh x by {@link #exp}, as {@link VectorElementwiseKernel}'s twin computes it lane by lane. */
    public static float tanh(float x) {
        float a = Math.abs(x);
        float y;
        if (a < TANH_SMALL) {
            float z = a * a;
            float p = Math.fma(TANH_P0, z, TANH_P1);
            p = Math.fma(p, z, TANH_P2);
            p = Math.fma(p, z, TANH_P3);
            p = Math.fma(p, z, TANH_P4);
            y = Math.fma(p * z, a, a);
        } else {
            y = 1f - 2f / (exp(a + a) + 1f);
        }
        // The sign goes on last, by its bit: tanh(-0) is -0.
        return Float.floatToRawIntBits(x) < 0 ? -y : y;
    }

    /** Where e^x / (1 + e^x) is 1 in float32 and e^x still finite. */
    static final float SIGMOID_MAX = 88f;

    /**
     * 1 / (1 + e^-x) as e^x / (1 + e^x): e^-x would overflow far below zero, where the quotient keeps
     * the tiny values. Within 2 ulps over every float.
     */
    public static float sigmoid(float x) {
        float e = exp(x, SIGMOID_MAX);
        return e / (1f + e);
    }

    static final float SQRT_HALF = 0.70710677f;

    /** 0.5 x (1 + erf(x / sqrt 2)). */
    static float gelu(float x) {
        return (0.5f * x) * (erf(x * SQRT_HALF) + 1f);
    }

    static final float SQRT_2_OVER_PI = 0.7978846f, GELU_CUBE = 0.044715f;

    /**
     * 0.5 x (1 + tanh u), u = sqrt(2/pi) (x + 0.044715 x^3), as x / (1 + e^-2u): the same value, without
     * 1 + tanh u cancelling for negative x.
     */
    static float geluTanh(float x) {
        float u = Math.fma(x * x * x, GELU_CUBE, x) * SQRT_2_OVER_PI;
        return x / (exp(u * -2f) + 1f);
    }

    // Rational approximation of erf on [-4, 4] (beyond it erf is +-1 in float32), the one Eigen and
    // XLA use: x * P(x^2) / Q(x^2), within a few float32 ulps. VectorElementwiseKernel unrolls the
    // same coefficients.
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
