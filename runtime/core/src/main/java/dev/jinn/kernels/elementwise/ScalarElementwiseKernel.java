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
            case EXP -> v -> (float) Math.exp(v);
            case TANH -> v -> (float) Math.tanh(v);
            case SQRT -> v -> (float) Math.sqrt(v);
            case RELU -> v -> v > 0 ? v : v == v ? 0f : v;
            case SIGMOID -> ScalarElementwiseKernel::sigmoid;
            case ERF -> ScalarElementwiseKernel::erf;
            case GELU -> v -> (float) (0.5 * v * (1 + erf(v * 0.7071067811865476)));
            case GELU_TANH -> v -> (float) (0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * (double) v * v * v))));
            case HARD_SWISH -> v -> v * Math.min(Math.max(v * (1f / 6) + 0.5f, 0f), 1f);
        };
    }

    static final double SQRT_2_OVER_PI = 0.7978845608028654;

    /** 1 / (1 + exp(-x)), written so that neither branch overflows. */
    public static float sigmoid(float x) {
        if (x >= 0) return (float) (1.0 / (1.0 + Math.exp(-x)));
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
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
