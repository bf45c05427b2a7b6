package dev.jinn.kernels.reduce;

/** {@link ReduceKernel} in plain Java: the reference the vector twin is tested against. */
public final class ScalarReduceKernel implements ReduceKernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public double sum(float[] x, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[off + i];
        return s;
    }

    @Override
    public float max(float[] x, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, x[off + i]);
        return m;
    }
}
