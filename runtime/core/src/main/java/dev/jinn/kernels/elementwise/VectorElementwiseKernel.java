package dev.jinn.kernels.elementwise;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ElementwiseKernel} on the Vector API. Each vector op is spelled out rather than passed as a
 * {@code VectorOperators} argument, because the Vector API only compiles to SIMD when the operator
 * is a constant at the call; tails take {@link ScalarElementwiseKernel}'s formulas.
 */
public final class VectorElementwiseKernel implements ElementwiseKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "bit";
    }

    @Override
    public void arith(Arith op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        switch (op) {
            case ADD -> add(a, ao, as, b, bo, bs, y, yo, n);
            case SUB -> sub(a, ao, as, b, bo, bs, y, yo, n);
            case MUL -> mul(a, ao, as, b, bo, bs, y, yo, n);
            case DIV -> div(a, ao, as, b, bo, bs, y, yo, n);
        }
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

    @Override
    public void clamp(float[] y, int from, int to, float a, float b, float lo, float hi) {
        int i = from;
        FloatVector av = FloatVector.broadcast(S, a), bv = FloatVector.broadcast(S, b);
        FloatVector lv = FloatVector.broadcast(S, lo), hv = FloatVector.broadcast(S, hi);
        int bound = from + S.loopBound(to - from);
        if (a != 1f || b != 0f) {
            // scalar: y = min(max(y * a + b, lo), hi) (two roundings, as the unfused ops take them)
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, y, i).mul(av).add(bv).max(lv).min(hv).intoArray(y, i);
        } else {
            // scalar: y = min(max(y, lo), hi)
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, y, i).max(lv).min(hv).intoArray(y, i);
        }
        boolean affine = a != 1f || b != 0f;
        for (; i < to; i++) y[i] = Math.min(Math.max(affine ? y[i] * a + b : y[i], lo), hi);
    }

    @Override
    public void leakyRelu(float[] y, int from, int to, float alpha) {
        int i = from;
        FloatVector zero = FloatVector.zero(S);
        // scalar: y = y < 0 ? alpha * y : y
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, y, i);
            v.blend(v.mul(alpha), v.lt(zero)).intoArray(y, i);
        }
        for (; i < to; i++) if (y[i] < 0) y[i] *= alpha;
    }

    // One small method per formula: in a single large method C2 would not inline the vector helpers
    // (erf) and would box every vector, several times slower.
    @Override
    public void unary(Fn fn, float[] x, float[] y, int from, int to) {
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
            case HARD_SWISH -> hardSwish(x, y, from, bound);
        };
        if (i < to) {
            ElementwiseKernel.FloatFn f = ScalarElementwiseKernel.formula(fn);
            for (; i < to; i++) y[i] = f.apply(x[i]);
        }
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

    private static int hardSwish(float[] x, float[] y, int i, int bound) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        // scalar: y = x * min(max(x * (1/6) + 0.5, 0), 1)
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.mul(v.mul(1f / 6).add(0.5f).max(zero).min(one)).intoArray(y, i);
        }
        return i;
    }

    private static int geluTanh(float[] x, float[] y, int i, int bound) {
        // scalar: y = 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector inner = v.mul(v).mul(v).fma(FloatVector.broadcast(S, 0.044715f), v).mul((float) ScalarElementwiseKernel.SQRT_2_OVER_PI);
            v.mul(0.5f).mul(inner.lanewise(VectorOperators.TANH).add(1f)).intoArray(y, i);
        }
        return i;
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
}
