package dev.jinn.kernels.norm;

/** The plain loops, accumulating in double: the reference the vector kernel is tested against. */
public final class ScalarNormKernel implements NormKernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public double shiftedSum(float[] x, int off, int n, float shift) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) x[off + i] - shift;
        return s;
    }

    @Override
    public double centeredSumSquares(float[] x, int off, int n, float center) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) x[off + i] - center;
            s += d * d;
        }
        return s;
    }

    @Override
    public void normalize(float[] x, int xOff, int n, float center, float invStd, float offset,
                          float[] scale, int sOff, float[] bias, int bOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            double v = (((double) x[xOff + i] - center) * invStd + offset) * scale[sOff + i];
            y[yOff + i] = (float) (bias == null ? v : v + bias[bOff + i]);
        }
    }

    @Override
    public void affine(float[] x, int xOff, int n, float shift, float a, float b, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] = (float) (((double) x[xOff + i] - shift) * a + b);
    }
}
