package dev.jinn.kernels;

/**
 * One separable pass of Resize: along one axis of a [outer, in, inner] block, each output index j
 * mixes {@code taps} input indices {@code idx[j * taps + t]} with weights {@code w[j * taps + t]},
 * or takes {@code extrapolation} where {@code outside[j]} (tf_crop_and_resize beyond the image).
 */
public final class ResizeKernels {
    private ResizeKernels() {}

    /** Rows [from, to) of {@code outer}: x is [outer, in, inner], y is [outer, out, inner]. */
    public static void pass(float[] x, int in, int inner, int out, int taps, int[] idx, float[] w, boolean[] outside,
                            float extrapolation, float[] y, int from, int to) {
        for (int o = from; o < to; o++) {
            int xBase = o * in * inner, yBase = o * out * inner;
            for (int j = 0; j < out; j++) {
                int yRow = yBase + j * inner;
                if (outside != null && outside[j]) {
                    java.util.Arrays.fill(y, yRow, yRow + inner, extrapolation);
                    continue;
                }
                for (int i = 0; i < inner; i++) {
                    float acc = 0f;
                    for (int t = 0; t < taps; t++) {
                        float wt = w[j * taps + t];
                        if (wt != 0f) acc += wt * x[xBase + idx[j * taps + t] * inner + i];
                    }
                    y[yRow + i] = acc;
                }
            }
        }
    }
}
