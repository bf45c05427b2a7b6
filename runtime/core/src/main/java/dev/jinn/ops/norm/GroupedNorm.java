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
        ctx.parallelFor(rows, len, (from, to) -> {
            for (int r = from; r < to; r++) {
                int off = r * len;
                double mu = len > 0 ? xs[off] + kernel.shiftedSum(xs, off, len, xs[off]) / len : 0;
                float center = (float) mu;
                double dc = mu - center;
                double var = kernel.centeredSumSquares(xs, off, len, center) / len - dc * dc;
                double inv = 1.0 / Math.sqrt(Math.max(var, 0) + eps);
                NormKernel kk = NormKernels.forSpread(kernel, inv);
                for (int k = 0; k < perGroup; k++) {
                    int c = (r % groups) * perGroup + k;
                    // y = ((x - center) - dc) * a + bias = (x - center) * a + (bias - dc * a)
                    double a = inv * scale[c];
                    kk.affine(xs, off + k * spatial, spatial, center, (float) a, (float) (bias[c] - dc * a), y, off + k * spatial);
                }
            }
        });
        return Tensors.fromFloats(y, x.dtype(), shape);
    }
}
