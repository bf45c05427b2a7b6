package dev.jinn.kernels.norm;

import dev.jinn.kernels.Kernels;

/**
 * The normalization loops that have no vector twin: the float64 versions of {@link NormKernel}'s
 * four loops, and Lp, LRN and mean-variance normalization; and the scalar fallback for rows spread
 * too wide for the vector loops.
 */
public final class NormKernels {
    private NormKernels() {}

    /**
     * The kernel to finish a row with, given its 1 / std: {@code kernel}, or the scalar one for rows
     * spread so wide (std above 1e30) that x - shift could overflow float32 in the vector loops.
     */
    public static NormKernel forSpread(NormKernel kernel, double invStd) {
        return invStd < 1e-30 ? Kernels.scalar().norm() : kernel;
    }

    // ---- float64: the same four loops as NormKernel, for double inputs and stash_type = 11.

    public static double shiftedSum(double[] x, int off, int n, double shift) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[off + i] - shift;
        return s;
    }

    public static double centeredSumSquares(double[] x, int off, int n, double shift, double center) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = (x[off + i] - shift) - center;
            s += d * d;
        }
        return s;
    }

    /** {@code y = ((x - shift) - center) * invStd * scale + bias}; {@code bias} may be null. */
    public static void normalize(double[] x, int xOff, int n, double shift, double center, double invStd,
                                 double[] scale, int sOff, double[] bias, int bOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            double v = ((x[xOff + i] - shift) - center) * invStd * scale[sOff + i];
            y[yOff + i] = bias == null ? v : v + bias[bOff + i];
        }
    }

    /** {@code y = (x - shift) * a + b}. */
    public static void affine(double[] x, int xOff, int n, double shift, double a, double b, double[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] = (x[xOff + i] - shift) * a + b;
    }

    /**
     * {@code s = x + skip (+ bias)} in float64, for the skip layer norms: {@code skip} as long as
     * {@code x}, {@code bias} (may be null) repeating every {@code bias.length} elements.
     */
    public static void addSkip(double[] x, double[] skip, double[] bias, double[] s) {
        if (bias == null) {
            for (int i = 0; i < s.length; i++) s[i] = x[i] + skip[i];
            return;
        }
        for (int off = 0; off < s.length; off += bias.length) {
            for (int i = 0; i < bias.length; i++) s[off + i] = x[off + i] + skip[off + i] + bias[i];
        }
    }

    // ---- Loops without a vector twin (not on any hot path Jinn benchmarks).

    /**
     * Lp normalization along an axis of length {@code len} with elements {@code inner} apart, for the
     * (outer, inner) lines [from, to) numbered outer * inner + j. A zero norm gives zeros, as in ONNX Runtime.
     */
    public static void lpNormalize(double[] x, double[] y, int len, int inner, int p, int from, int to) {
        for (int line = from; line < to; line++) {
            int base = (line / inner) * len * inner + line % inner;
            double norm = 0;
            for (int k = 0; k < len; k++) {
                double v = x[base + k * inner];
                norm += p == 1 ? Math.abs(v) : v * v;
            }
            if (p == 2) norm = Math.sqrt(norm);
            for (int k = 0; k < len; k++) {
                int i = base + k * inner;
                y[i] = norm == 0 ? 0 : x[i] / norm;
            }
        }
    }

    /**
     * Local response normalization across channels for the (batch, channel) planes [from, to) of an
     * N x C x S layout: {@code y = x / (bias + alpha / size * sum(x^2 over the window))^beta}, with the
     * window [c - floor((size-1)/2), c + ceil((size-1)/2)] clipped to [0, C).
     */
    public static void lrn(double[] x, double[] y, int channels, int spatial, int size, double alpha, double beta,
                           double bias, int from, int to) {
        int before = (size - 1) / 2;
        int after = size - 1 - before;
        for (int plane = from; plane < to; plane++) {
            int b = plane / channels;
            int c = plane % channels;
            int lo = Math.max(0, c - before);
            int hi = Math.min(channels - 1, c + after);
            for (int s = 0; s < spatial; s++) {
                double sq = 0;
                for (int k = lo; k <= hi; k++) {
                    double v = x[(b * channels + k) * spatial + s];
                    sq += v * v;
                }
                int i = plane * spatial + s;
                y[i] = x[i] / Math.pow(bias + alpha / size * sq, beta);
            }
        }
    }

    /**
     * Mean-variance normalization of groups [from, to): group g holds the elements at
     * {@code groupBase[g] + member[k]}; {@code y = (x - mean) / (sqrt(var) + eps)}, variance in two passes.
     */
    public static void meanVarianceNormalize(double[] x, double[] y, int[] groupBase, int[] member, double eps,
                                             int from, int to) {
        int n = member.length;
        for (int g = from; g < to; g++) {
            int base = groupBase[g];
            double sum = 0;
            for (int k = 0; k < n; k++) sum += x[base + member[k]];
            double mean = sum / n;
            double sq = 0;
            for (int k = 0; k < n; k++) {
                double d = x[base + member[k]] - mean;
                sq += d * d;
            }
            double denom = Math.sqrt(sq / n) + eps;
            for (int k = 0; k < n; k++) {
                int i = base + member[k];
                y[i] = (x[i] - mean) / denom;
            }
        }
    }
}
