package dev.jinn.kernels;

/**
 * Normalization loops over an (M, N) view: M independent rows of N contiguous elements. Mean and
 * variance use two passes with double accumulators, so a large common offset does not cancel the
 * variance away (the one-pass E[x^2] - E[x]^2 would).
 */
public final class NormKernels {
    private NormKernels() {}

    /**
     * Layer normalization of rows [from, to). {@code scale} and {@code bias} hold N values, or M*N
     * when they vary per row ({@code paramStride} = N); {@code bias} may be null; {@code mean} and
     * {@code invStd} (one per row) may be null.
     */
    public static void layerNorm(float[] x, float[] scale, float[] bias, int paramStride, float[] y, int n, float eps,
                                 float[] mean, float[] invStd, int from, int to) {
        for (int r = from; r < to; r++) {
            int off = r * n;
            int p = r * paramStride;
            double sum = 0;
            for (int i = 0; i < n; i++) sum += x[off + i];
            double mu = sum / n;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double d = x[off + i] - mu;
                sq += d * d;
            }
            double inv = 1.0 / Math.sqrt(sq / n + eps);
            // scalar: y = (x - mean) * invStd * scale + bias
            for (int i = 0; i < n; i++) {
                double v = (x[off + i] - mu) * inv * scale[p + i];
                y[off + i] = (float) (bias == null ? v : v + bias[p + i]);
            }
            if (mean != null) mean[r] = (float) mu;
            if (invStd != null) invStd[r] = (float) inv;
        }
    }
}
