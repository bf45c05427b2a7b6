package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.norm.NormKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * ONNX Runtime's com.microsoft SkipLayerNormalization-1 and SkipSimplifiedLayerNormalization-1:
 * {@code s = input + skip (+ bias)}, then layer normalization (or RMS normalization, simplified)
 * of s over the last axis with gamma (and beta). Inputs: input [B, S, H] or [T, H], skip of the
 * same shape or [1, S, H] or [S, H], gamma [H], then beta [H] (not in the simplified form) and
 * bias [H]. Outputs: output, mean, inv_std_var (both [.., 1], float32), input_skip_bias_sum.
 */
public final class SkipLayerNormalization implements Op {
    private final NodeContext node;
    private final float epsilon;
    private final boolean simplified;

    private SkipLayerNormalization(NodeContext node, boolean simplified) {
        this.node = node;
        this.simplified = simplified;
        this.epsilon = node.getFloat("epsilon", 1e-12f);
        if (simplified && node.wantsOutput(1)) throw node.unsupported("output 1 (mean) of the simplified form, which has no mean");
    }

    public static SkipLayerNormalization full(NodeContext node) {
        return new SkipLayerNormalization(node, false);
    }

    public static SkipLayerNormalization simplified(NodeContext node) {
        return new SkipLayerNormalization(node, true);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        NormSupport.requireFloat(node, x, 0);
        if (x.rank() != 2 && x.rank() != 3) throw node.badShape(0, "[batch, sequence, hidden] or [tokens, hidden]", x.shape());
        int[] shape = x.shape();
        int hidden = shape[shape.length - 1];
        int[] hiddenShape = {hidden};
        Tensor gamma = in[2];
        Tensor beta = simplified ? null : input(in, 3);
        int biasInput = simplified ? 3 : 4;
        Tensor bias = input(in, biasInput);
        NormSupport.requireCount(node, gamma, hidden, 2);
        if (beta != null) NormSupport.requireCount(node, beta, hidden, 3);
        if (bias != null) NormSupport.requireCount(node, bias, hidden, biasInput);
        ctx.reserve(node.describe() + " outputs", 2 * x.byteSize());
        boolean inDouble = x.dtype() == DataType.DOUBLE;
        // Without output 3 the sum is this op's own array, and the normalization writes Y over it.
        boolean keepSum = node.wantsOutput(3);
        Tensor sum;
        RowNorm.SkipSum skipSum = null;
        if (inDouble) {
            double[] s = new double[x.size()];
            NormKernels.addSkip(Tensors.doubles(x), NormSupport.doubles(node, in[1], shape, 1),
                    NormSupport.doubles(node, bias, hiddenShape, biasInput), s);
            sum = Tensor.wrap(DataType.DOUBLE, shape, s);
        } else {
            // The sum is an output only in float32; for 16-bit types it is narrowed into a new tensor.
            // Each thread makes a row of it just before normalizing that row.
            float[] s = x.dtype() == DataType.FLOAT ? ctx.outputFloats(x.size()) : new float[x.size()];
            sum = Tensor.wrap(DataType.FLOAT, shape, s);
            skipSum = new RowNorm.SkipSum(Tensors.floats(x), NormSupport.floats(node, in[1], shape, 1),
                    NormSupport.floats(node, bias, hiddenShape, biasInput));
        }
        RowNorm.Request norm = simplified ? RowNorm.Request.rmsNorm(sum, -1, epsilon, DataType.FLOAT.code())
                : RowNorm.Request.layerNorm(sum, -1, epsilon, DataType.FLOAT.code()).bias(beta, 3);
        RowNorm.Outputs o = RowNorm.compute(node, ctx, norm.scale(gamma, 2).mean(node.wantsOutput(1)).invStd(node.wantsOutput(2)),
                skipSum, !keepSum);
        Tensor[] out = new Tensor[node.outputCount()];
        out[0] = narrow(o.y(), x.dtype());
        if (out.length > 1) out[1] = o.mean();
        if (out.length > 2) out[2] = o.invStd();
        if (out.length > 3 && keepSum) out[3] = narrow(sum, x.dtype());
        return out;
    }

    private static Tensor input(Tensor[] in, int i) {
        return i < in.length ? in[i] : null;
    }

    private static Tensor narrow(Tensor t, DataType dtype) {
        return t.dtype() == dtype ? t : Tensors.fromFloats(t.floats(), dtype, t.shape());
    }
}
