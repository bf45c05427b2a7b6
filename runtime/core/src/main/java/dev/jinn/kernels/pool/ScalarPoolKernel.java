package dev.jinn.kernels.pool;

/** {@link PoolKernel}'s row primitives in plain Java: the reference the vector twin is tested against. */
public final class ScalarPoolKernel implements PoolKernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void maxInto(float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = Math.max(y[yOff + i], x[xOff + i * stride]);
    }

    @Override
    public void addInto(float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] += x[xOff + i * stride];
    }
}
