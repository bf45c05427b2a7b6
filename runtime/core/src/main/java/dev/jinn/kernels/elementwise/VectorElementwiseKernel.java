package dev.jinn.kernels.elementwise;

import static dev.jinn.kernels.elementwise.ScalarElementwiseKernel.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ElementwiseKernel} on the Vector API. Each vector op is spelled out rather than passed as a
 * {@code VectorOperators} argument, because the Vector API only compiles to SIMD when the operator
 * is a constant at the call; tails take {@link ScalarElementwiseKernel}'s formulas.
 *
 * <p>No formula uses a transcendental {@code lanewise} op (EXP, TANH, ...): their interpreted and
 * C1 forms call {@code Math} lane by lane, while C2 swaps in its own routine, so their bits changed
 * once a loop got hot. {@link #exp} and {@link #tanh} are {@link ScalarElementwiseKernel}'s formulas
 * in lane-wise IEEE arithmetic, the same bits in every JIT state and as the scalar twin.
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
        for (; i < bound; i += S.length()) exp(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        return i;
    }

    private static int tanh(float[] x, float[] y, int i, int bound) {
        // scalar: y = tanh(x)
        for (; i < bound; i += S.length()) tanh(FloatVector.fromArray(S, x, i)).intoArray(y, i);
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
        // scalar: e = exp(min(x, 88)); y = e / (1 + e)
        for (; i < bound; i += S.length()) {
            FloatVector e = exp(FloatVector.fromArray(S, x, i), SIGMOID_MAX);
            e.div(e.add(1f)).intoArray(y, i);
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
            v.mul(0.5f).mul(erf(v.mul(SQRT_HALF)).add(1f)).intoArray(y, i);
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
        // scalar: u = sqrt(2/pi) * (x + 0.044715 * x^3); y = x / (1 + exp(-2u))
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector u = v.mul(v).mul(v).fma(v.broadcast(GELU_CUBE), v).mul(SQRT_2_OVER_PI);
            v.div(exp(u.mul(-2f)).add(1f)).intoArray(y, i);
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

    /** {@link ScalarElementwiseKernel#exp}, lane by lane the same bits. */
    public static FloatVector exp(FloatVector x) {
        return exp(x, EXP_MAX);
    }

    /**
     * e^min(x, max) for max <= EXP_MAX, {@link ScalarElementwiseKernel}'s two-argument exp. The clamp
     * compares and blends (NaN passes): {@code max} and {@code min} cost C2 several instructions each
     * for Java's rules on NaN and -0, which made exp 30 % slower than the Vector API's EXP.
     */
    private static FloatVector exp(FloatVector x, float max) {
        FloatVector c = x.blend(max, x.compare(VectorOperators.GT, max));
        c = c.blend(EXP_MIN, c.compare(VectorOperators.LT, EXP_MIN));
        FloatVector t = c.fma(LOG2E, ROUND);
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(x.broadcast(-LN2_LO), n.fma(x.broadcast(-LN2_HI), c));
        FloatVector p = r.fma(EXP_P0, EXP_P1).fma(r, x.broadcast(EXP_P2))
                .fma(r, x.broadcast(EXP_P3)).fma(r, x.broadcast(EXP_P4)).fma(r, x.broadcast(EXP_P5));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector bits = t.viewAsIntegralLanes();
        IntVector k = bits.lanewise(VectorOperators.LSHL, 23);
        IntVector half = bits.lanewise(VectorOperators.ASHR, 1).lanewise(VectorOperators.LSHL, 23);
        return y.mul(half.add(ONE_BITS).viewAsFloatingLanes()).mul(k.sub(half).add(ONE_BITS).viewAsFloatingLanes());
    }

    /**
     * {@link ScalarElementwiseKernel#tanh}, lane by lane the same bits: both branches, then a blend.
     * exp comes first: C2 stops inlining plain methods once a compilation holds too many nodes
     * (NodeCountInliningCutoff), and exp not inlined would box its vectors.
     */
    private static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector large = x.broadcast(1f).sub(x.broadcast(2f).div(exp(a.add(a)).add(1f)));
        FloatVector z = a.mul(a);
        FloatVector p = z.fma(TANH_P0, TANH_P1).fma(z, x.broadcast(TANH_P2)).fma(z, x.broadcast(TANH_P3))
                .fma(z, x.broadcast(TANH_P4));
        FloatVector y = large.blend(p.mul(z).fma(a, a), a.lt(TANH_SMALL));
        return y.lanewise(VectorOperators.NEG, x.test(VectorOperators.IS_NEGATIVE));
    }
}
