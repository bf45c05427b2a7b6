package dev.jinn.kernels.softmax;

import dev.jinn.kernels.elementwise.ScalarElementwiseKernel;

/**
 * Softmax and log-softmax over rows of n elements: the row maximum is subtracted first, so exp never
 * overflows. Two implementations sit side by side, {@link ScalarSoftmaxKernel} and
 * {@link VectorSoftmaxKernel}; {@link dev.jinn.kernels.Kernels} picks one once per JVM.
 */
public interface SoftmaxKernel {
    String name();

    /** Contiguous rows [from, to) of length n. */
    void softmax(float[] x, float[] y, int n, boolean log, int from, int to);

    /**
     * Rows whose elements are {@code stride} apart: row r = (o, in) of an [outer, n, stride] block
     * starts at o * n * stride + in. Rows [from, to) of outer * stride. Both kernels share this plain
     * loop: a vector would gather its lanes across rows.
     */
    default void softmaxStrided(float[] x, float[] y, int n, int stride, boolean log, int from, int to) {
        for (int r = from; r < to; r++) {
            int base = (r / stride) * n * stride + r % stride;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) max = Math.max(max, x[base + i * stride]);
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                float e = ScalarElementwiseKernel.exp(x[base + i * stride] - max);
                y[base + i * stride] = e;
                sum += e;
            }
            if (log) {
                // (x - max) first: max + log(sum) would round away the small differences near a large max.
                float lse = (float) Math.log(sum);
                for (int i = 0; i < n; i++) y[base + i * stride] = (x[base + i * stride] - max) - lse;
            } else {
                float inv = 1f / sum;
                for (int i = 0; i < n; i++) y[base + i * stride] *= inv;
            }
        }
    }
}
