package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.norm.NormKernel;
import dev.jinn.kernels.norm.NormKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * BatchNormalization-1, 6, 7, 9, 14 and 15 over X [N, C, spatial...].
 *
 * <p>Inference: {@code Y = (X - mean) / sqrt(var + epsilon) * scale + B} with the given per-channel
 * statistics. Training uses the batch's own mean and (population) variance per channel and also
 * returns the running statistics {@code input * momentum + batch * (1 - momentum)}; before version
 * 14 it also returns the batch statistics as saved_mean and saved_var. What selects training
 * changed with the versions: is_test = 0 (1, 6), more than one output (7, 9), training_mode = 1
 * (14, 15). Versions 1 to 7 also had spatial = 0, where the statistics are per element of
 * [C, spatial...] rather than per channel (inference only here).
 */
public final class BatchNormalization implements Op {
    record Attrs(float epsilon, float momentum, boolean training, boolean spatial) {}

    private final NodeContext node;
    private final Attrs attrs;

    public BatchNormalization(NodeContext node) {
        this.node = node;
        int v = node.version();
        boolean training = v < 7 ? node.getInt("is_test", 0) == 0
                : v < 14 ? node.outputCount() > 1
                : node.getInt("training_mode", 0) == 1;
        boolean spatial = v >= 9 || node.getInt("spatial", 1) == 1;
        if (training && !spatial) throw node.unsupported("training with spatial = 0");
        this.attrs = new Attrs(node.getFloat("epsilon", 1e-5f), node.getFloat("momentum", 0.9f), training, spatial);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        NormSupport.requireFloat(node, x, 0);
        if (x.rank() < 2) throw node.badShape(0, "[N, C, ...] (rank 2 or more)", x.shape());
        int[] shape = x.shape();
        int batch = shape[0];
        int channels = shape[1];
        int planes = batch * channels;
        int spatial = planes == 0 ? 0 : x.size() / planes;
        int perSample = attrs.spatial ? channels : channels * spatial;
        for (int i = 1; i <= 4; i++) NormSupport.requireCount(node, i < in.length ? in[i] : null, perSample, i);
        ctx.reserve(node.describe() + " output", x.byteSize());
        if (!attrs.spatial) return new Tensor[] {elementwise(x, in, ctx, batch, perSample)};
        return attrs.training ? train(x, in, ctx, batch, channels, spatial) : infer(x, in, ctx, batch, channels, spatial);
    }

    private Tensor[] infer(Tensor x, Tensor[] in, ExecContext ctx, int batch, int channels, int spatial) {
        double[] scale = Tensors.doubles(in[1]);
        double[] bias = Tensors.doubles(in[2]);
        double[] mean = Tensors.doubles(in[3]);
        double[] var = Tensors.doubles(in[4]);
        double[] a = new double[channels];
        for (int c = 0; c < channels; c++) a[c] = scale[c] / Math.sqrt(var[c] + attrs.epsilon);
        Tensor y;
        if (x.dtype() == DataType.DOUBLE) {
            double[] xs = x.doubles();
            double[] ys = new double[xs.length];
            ctx.parallelFor(batch * channels, spatial, (from, to) -> {
                for (int p = from; p < to; p++) {
                    int c = p % channels;
                    NormKernels.affine(xs, p * spatial, spatial, mean[c], a[c], bias[c], ys, p * spatial);
                }
            });
            y = Tensor.wrap(DataType.DOUBLE, x.shape(), ys);
        } else {
            float[] xs = Tensors.floats(x);
            float[] ys = x.dtype() == DataType.FLOAT ? ctx.outputFloats(xs.length) : new float[xs.length];
            float[] af = toFloats(a);
            float[] mf = toFloats(mean);
            float[] bf = toFloats(bias);
            NormKernel k = Kernels.norm();
            ctx.parallelFor(batch * channels, spatial, (from, to) -> k.affinePlanes(xs, ys, from, to, spatial, channels, mf, af, bf));
            y = Tensors.fromFloats(ys, x.dtype(), x.shape());
        }
        Tensor[] out = new Tensor[node.outputCount()];
        out[0] = y;
        return out;
    }

    /** Batch statistics per channel over all samples and positions, then the same affine map. */
    private Tensor[] train(Tensor x, Tensor[] in, ExecContext ctx, int batch, int channels, int spatial) {
        double[] scale = Tensors.doubles(in[1]);
        double[] bias = Tensors.doubles(in[2]);
        double[] batchMean = new double[channels];
        double[] batchVar = new double[channels];
        long count = (long) batch * spatial;
        int stride = channels * spatial;
        Tensor y;
        if (x.dtype() == DataType.DOUBLE) {
            double[] xs = x.doubles();
            double[] ys = new double[xs.length];
            ctx.parallelFor(channels, count, (from, to) -> {
                for (int c = from; c < to; c++) {
                    double shift = count > 0 ? xs[c * spatial] : 0;
                    double sum = 0;
                    for (int b = 0; b < batch; b++) sum += NormKernels.shiftedSum(xs, b * stride + c * spatial, spatial, shift);
                    double center = count > 0 ? sum / count : 0;
                    double sq = 0;
                    for (int b = 0; b < batch; b++) {
                        sq += NormKernels.centeredSumSquares(xs, b * stride + c * spatial, spatial, shift, center);
                    }
                    batchMean[c] = shift + center;
                    batchVar[c] = count > 0 ? sq / count : Double.NaN;
                    double a = scale[c] / Math.sqrt(batchVar[c] + attrs.epsilon);
                    for (int b = 0; b < batch; b++) {
                        int off = b * stride + c * spatial;
                        NormKernels.affine(xs, off, spatial, batchMean[c], a, bias[c], ys, off);
                    }
                }
            });
            y = Tensor.wrap(DataType.DOUBLE, x.shape(), ys);
        } else {
            float[] xs = Tensors.floats(x);
            float[] ys = x.dtype() == DataType.FLOAT ? ctx.outputFloats(xs.length) : new float[xs.length];
            NormKernel k = Kernels.norm();
            ctx.parallelFor(channels, count, (from, to) -> {
                for (int c = from; c < to; c++) {
                    float shift = count > 0 ? xs[c * spatial] : 0;
                    double sum = 0;
                    for (int b = 0; b < batch; b++) sum += k.shiftedSum(xs, b * stride + c * spatial, spatial, shift);
                    double mu = count > 0 ? shift + sum / count : 0;
                    float center = (float) mu;
                    double sq = 0;
                    for (int b = 0; b < batch; b++) sq += k.centeredSumSquares(xs, b * stride + c * spatial, spatial, center);
                    double dc = mu - center;
                    batchMean[c] = mu;
                    batchVar[c] = count > 0 ? Math.max(sq / count - dc * dc, 0) : Double.NaN;
                    double a = scale[c] / Math.sqrt(batchVar[c] + attrs.epsilon);
                    float fb = (float) (bias[c] - dc * a);
                    NormKernel kk = NormKernels.forSpread(k, 1.0 / Math.sqrt(batchVar[c] + attrs.epsilon));
                    for (int b = 0; b < batch; b++) {
                        int off = b * stride + c * spatial;
                        kk.affine(xs, off, spatial, center, (float) a, fb, ys, off);
                    }
                }
            });
            y = Tensors.fromFloats(ys, x.dtype(), x.shape());
        }
        double[] inMean = Tensors.doubles(in[3]);
        double[] inVar = Tensors.doubles(in[4]);
        double[] runMean = new double[channels];
        double[] runVar = new double[channels];
        double mom = attrs.momentum;
        for (int c = 0; c < channels; c++) {
            runMean[c] = inMean[c] * mom + batchMean[c] * (1 - mom);
            runVar[c] = inVar[c] * mom + batchVar[c] * (1 - mom);
        }
        Tensor[] out = new Tensor[node.outputCount()];
        out[0] = y;
        DataType statType = in[3].dtype();
        int[] statShape = {channels};
        if (out.length > 1) out[1] = Tensors.fromDoubles(runMean, statType, statShape);
        if (out.length > 2) out[2] = Tensors.fromDoubles(runVar, in[4].dtype(), statShape);
        if (out.length > 3) out[3] = Tensors.fromDoubles(batchMean, x.dtype(), statShape);
        if (out.length > 4) out[4] = Tensors.fromDoubles(batchVar, x.dtype(), statShape);
        return out;
    }

    /** spatial = 0: statistics and parameters per element of [C, spatial...], shared by the samples. */
    private Tensor elementwise(Tensor x, Tensor[] in, ExecContext ctx, int batch, int perSample) {
        double[] scale = Tensors.doubles(in[1]);
        double[] bias = Tensors.doubles(in[2]);
        double[] mean = Tensors.doubles(in[3]);
        double[] var = Tensors.doubles(in[4]);
        double[] xs = Tensors.doubles(x);
        double[] ys = new double[xs.length];
        ctx.parallelFor(batch, perSample, (from, to) -> {
            for (int b = from; b < to; b++) {
                for (int i = 0; i < perSample; i++) {
                    int j = b * perSample + i;
                    ys[j] = (xs[j] - mean[i]) / Math.sqrt(var[i] + attrs.epsilon) * scale[i] + bias[i];
                }
            }
        });
        return Tensors.fromDoubles(ys, x.dtype(), x.shape());
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
