package dev.jinn.kernels.elementwise;

/**
 * float32 elementwise loops over one broadcast run (see {@link dev.jinn.kernels.Broadcast}): each
 * input has stride 1 (contiguous) or 0 (one value held for the whole run). Two implementations sit
 * side by side, {@link ScalarElementwiseKernel} and {@link VectorElementwiseKernel};
 * {@link dev.jinn.kernels.Kernels} picks one once per JVM.
 */
public interface ElementwiseKernel {
    /** The four arithmetic operators with vector paths. */
    enum Arith { ADD, SUB, MUL, DIV }

    /** Unary formulas with vector paths. */
    enum Fn { EXP, TANH, SQRT, RELU, SIGMOID, ERF, GELU, GELU_TANH, HARD_SWISH }

    /** A unary float formula, for ops whose formula has no vector path. */
    @FunctionalInterface
    interface FloatFn {
        float apply(float x);
    }

    /** A binary float formula, for ops whose formula has no vector path. */
    @FunctionalInterface
    interface FloatFn2 {
        float apply(float a, float b);
    }

    String name();

    /** {@code y[yo + i] = a[ao + i * as] op b[bo + i * bs]} for i < n; as and bs are 0 or 1. */
    void arith(Arith op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n);

    /** {@code y[i] = fn(x[i])} over [from, to). */
    void unary(Fn fn, float[] x, float[] y, int from, int to);

    /**
     * In place over [from, to): {@code y = min(max(y * a + b, lo), hi)} (NaN stays NaN), with y left
     * as it is before the clamp where a = 1 and b = 0: Clip, Relu6 and HardSigmoid as epilogues.
     */
    void clamp(float[] y, int from, int to, float a, float b, float lo, float hi);

    /** In place over [from, to): {@code y = y < 0 ? alpha * y : y}. */
    void leakyRelu(float[] y, int from, int to, float alpha);

    /** {@code y[yo + i] = f(a[ao + i * as], b[bo + i * bs])}: the loop for formulas with no vector path. */
    static void binary(FloatFn2 f, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] = f.apply(a[ao + i * as], b[bo + i * bs]);
    }
}
