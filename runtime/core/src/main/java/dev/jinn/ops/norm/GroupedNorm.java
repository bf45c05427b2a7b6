package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.CacheGeometry;
import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.norm.NormKernel;
import dev.jinn.kernels.norm.NormKernels;
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
 * RowNorm}, short groups' statistics take two passes ({@link NormSupport.RowStats}); long ones
 * take one, by Welford's update over blocks ({@link NormKernel#shiftedStats}).
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
        NormKernel kernel = Kernels.norm();
        if (len > 0) ctx.parallelFor(rows, len, (from, to) -> run(kernel, xs, y, scale, bias, groups, perGroup, spatial, eps, from, to));
        return Tensors.fromFloats(y, x.dtype(), shape);
    }

    /**
     * Groups [from, to). Short groups go {@link NormKernel#ROWS} at a time as in {@link RowNorm}: their
     * statistics, then each channel written by its own affine map. Long ones go one at a time in a
     * pipeline: while group r is written, group r + 1's mean and M2 are taken in the same pass
     * (affineThenStats), so it is read from memory while r's output is written.
     */
    private static void run(NormKernel k, float[] x, float[] y, float[] scale, float[] bias, int groups, int perGroup,
                            int spatial, float eps, int from, int to) {
        int len = perGroup * spatial;
        float[] a = new float[perGroup], b = new float[perGroup];
        int group = RowPlan.groupRows(CacheGeometry.get(), len);
        if (group > 1) {
            NormSupport.RowStats st = new NormSupport.RowStats();
            for (int r = from; r < to; r += group) {
                int rows = Math.min(group, to - r);
                st.take(k, x, r * len, len, rows, true, eps);
                for (int j = 0; j < rows; j++) {
                    int off = (r + j) * len;
                    maps(scale, bias, groups, perGroup, r + j, st.mean[j], st.invStd[j], a, b);
                    NormKernel kk = NormKernels.forSpread(k, st.invStd[j]);
                    for (int c = 0; c < perGroup; c++) kk.affine(x, off + c * spatial, spatial, st.center[j], a[c], b[c], y, off + c * spatial);
                }
            }
            return;
        }
        double[] stats = new double[2];
        k.shiftedStats(x, from * len, len, x[from * len], stats);
        for (int r = from; r < to; r++) {
            int off = r * len, next = off + len;
            double mean = x[off] + stats[0];
            float center = (float) mean;
            double inv = 1.0 / Math.sqrt(stats[1] / len + eps);
            maps(scale, bias, groups, perGroup, r, mean, inv, a, b);
            NormKernel kk = NormKernels.forSpread(k, inv);
            if (r + 1 < to && kk == k) {
                k.affineThenStats(x, y, off, len, spatial, center, a, b, x[next], stats);
                continue;
            }
            for (int c = 0; c < perGroup; c++) kk.affine(x, off + c * spatial, spatial, center, a[c], b[c], y, off + c * spatial);
            if (r + 1 < to) k.shiftedStats(x, next, len, x[next], stats);
        }
    }

    /**
     * Each channel's map y = (x - center) * a + b for group r, where center is the mean rounded to
     * float: y = ((x - center) - (mean - center)) * a + bias, so b = bias - (mean - center) * a.
     */
    private static void maps(float[] scale, float[] bias, int groups, int perGroup, int r, double mean, double invStd,
                             float[] a, float[] b) {
        for (int c = 0; c < perGroup; c++) {
            int ch = (r % groups) * perGroup + c;
            double ac = invStd * scale[ch];
            a[c] = (float) ac;
            b[c] = (float) (bias[ch] - (mean - (float) mean) * ac);
        }
    }
}
