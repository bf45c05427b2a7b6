package dev.jinn.kernels.conv;

/** {@link ConvKernel}'s primitive in plain Java: the reference the vector twin is tested against. */
public final class ScalarConvKernel implements ConvKernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void axpy(float w, float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i * stride], w, y[yOff + i]);
    }
}
