package dev.jinn.kernels.softmax;

/** The plain loops: contiguous rows are the strided rows with stride 1. */
public final class ScalarSoftmaxKernel implements SoftmaxKernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void softmax(float[] x, float[] y, int n, boolean log, int from, int to) {
        softmaxStrided(x, y, n, 1, log, from, to);
    }
}
