package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.NormKernel;
import dev.jinn.kernels.NormKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * Instance and group normalization over X of shape [N, C, spatial...]: the C channels of each
 * sample form G groups of C/G channels; each group is normalized by its own mean and variance, then
 * each channel gets its scale and bias. Instance normalization is the case G = C.
 *
 * <p>Groups are split across the intra-op threads, one group wholly on one thread. As in {@link
 * RowNorm}, sums are taken relative to the group's first element.
 */
final class GroupedNorm {
    private GroupedNorm() {}

    /** {@code scale} and {@code bias} are given per channel (C values each). */
    static Tensor compute(NodeContext node, ExecContext ctx, Tensor x, int groups, float eps, boolean inDouble,
                          Tensor scaleT, Tensor biasT) {
        NormSupport.requireFloat(node, x, 0);
        int[] shape = x.shape();
        if (shape.length < 2) throw node.badShape(0, "[N, C, ...] (rank 2 or more)", shape);
        int batch = shape[0];
        int channels = shape[1];
        if (groups <= 0 || channels % groups != 0) {
            throw node.invalid("num_groups " + groups + " does not divide the " + channels + " channels of input 0");
        }
        int spatial = x.size() / Math.max(1, batch * channels);
        int perGroup = channels / groups;
        int rows = batch * groups;
        ctx.reserve(node.describe() + " output", x.byteSize());
        if (inDouble || x.dtype() == DataType.DOUBLE) {
            double[] xs = Tensors.doubles(x);
            double[] scale = Tensors.doubles(scaleT);
            double[] bias = Tensors.doubles(biasT);
            double[] y = new double[xs.length];
            int len = perGroup * spatial;
            ctx.parallelFor(rows, len, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int off = r * len;
                    double shift = len > 0 ? xs[off] : 0;
                    double center = len > 0 ? NormKernels.shiftedSum(xs, off, len, shift) / len : 0;
                    double inv = 1.0 / Math.sqrt(NormKernels.centeredSumSquares(xs, off, len, shift, center) / len + eps);
                    for (int k = 0; k < perGroup; k++) {
                        int c = (r % groups) * perGroup + k;
                        double a = inv * scale[c];
                        NormKernels.affine(xs, off + k * spatial, spatial, shift + center, a, bias[c], y, off + k * spatial);
                    }
                }
            });
            return Tensors.fromDoubles(y, x.dtype(), shape);
        }
        float[] xs = Tensors.floats(x);
        float[] scale = Tensors.floats(scaleT);
        float[] bias = Tensors.floats(biasT);
        float[] y = x.dtype() == DataType.FLOAT ? ctx.outputFloats(xs.length) : new float[xs.length];
        int len = perGroup * spatial;
        NormKernel kernel = NormKernels.get();
        if (len > 0) ctx.parallelFor(rows, len, (from, to) -> run(kernel, xs, y, scale, bias, groups, perGroup, spatial, eps, from, to));
        return Tensors.fromFloats(y, x.dtype(), shape);
    }

    /**
     * Groups [from, to), in {@link RowNorm}'s three-row pipeline: while group r is written (each of
     * its channels by its own affine map), group r + 1's squares and group r + 2's sum are taken in
     * the same pass (affineThenSums), with the same bits as the plain calls.
     */
    private static void run(NormKernel k, float[] x, float[] y, float[] scale, float[] bias, int groups, int perGroup,
                            int spatial, float eps, int from, int to) {
        int len = perGroup * spatial;
        double[] fused = new double[2];
        float[] a = new float[perGroup], b = new float[perGroup];
        double mu = NormSupport.mean(k, x, from * len, len);
        double inv = NormSupport.invStd(len, eps, mu, k.centeredSumSquares(x, from * len, len, (float) mu));
        double muNext = from + 1 < to ? NormSupport.mean(k, x, (from + 1) * len, len) : 0;
        for (int r = from; r < to; r++) {
            int off = r * len, next = off + len, after = next + len;
            float center = (float) mu;
            for (int j = 0; j < perGroup; j++) {
                int c = (r % groups) * perGroup + j;
                // y = ((x - center) - (mu - center)) * a + bias = (x - center) * a + (bias - (mu - center) * a)
                double aj = inv * scale[c];
                a[j] = (float) aj;
                b[j] = (float) (bias[c] - (mu - center) * aj);
            }
            NormKernel kk = NormKernels.forSpread(k, inv);
            double invNext = 0, muAfter = 0;
            if (r + 1 < to && kk == k) {
                boolean sumAfter = r + 2 < to;
                k.affineThenSums(x, y, off, len, spatial, center, a, b, (float) muNext, sumAfter, sumAfter ? x[after] : 0, fused);
                invNext = NormSupport.invStd(len, eps, muNext, fused[0]);
                if (sumAfter) muAfter = NormSupport.mean(x, after, len, fused[1]);
            } else {
                for (int j = 0; j < perGroup; j++) kk.affine(x, off + j * spatial, spatial, center, a[j], b[j], y, off + j * spatial);
                if (r + 1 < to) invNext = NormSupport.invStd(len, eps, muNext, k.centeredSumSquares(x, next, len, (float) muNext));
                if (r + 2 < to) muAfter = NormSupport.mean(k, x, after, len);
            }
            mu = muNext;
            inv = invNext;
            muNext = muAfter;
        }
    }
}
