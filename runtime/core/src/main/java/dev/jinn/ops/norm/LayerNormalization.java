package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.NormKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.Arrays;

/**
 * LayerNormalization-17: normalizes over dims [axis, rank) of X, then applies Scale and optional B
 * (both broadcast to the normalized shape, or to X's full shape). Optional outputs Mean and
 * InvStdDev have X's shape with the normalized dims set to 1, in the stash type.
 */
public final class LayerNormalization implements Op {
    record Attrs(int axis, float epsilon, int stashType) {}

    private final NodeContext node;
    private final Attrs attrs;

    public LayerNormalization(NodeContext node) {
        this.node = node;
        this.attrs = new Attrs((int) node.getInt("axis", -1), node.getFloat("epsilon", 1e-5f),
                (int) node.getInt("stash_type", 1));
        if (attrs.stashType != DataType.FLOAT.code() && attrs.stashType != DataType.DOUBLE.code()) {
            throw node.unsupported("stash_type " + attrs.stashType + " (Jinn computes in float32 or float64)");
        }
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        if (!x.dtype().isFloatingPoint()) throw node.invalid("input 0 'X': expected a float type, got " + x.dtype());
        int[] shape = x.shape();
        int rank = shape.length;
        int axis;
        try {
            axis = Shapes.normalizeAxis(attrs.axis, rank);
        } catch (IllegalArgumentException e) {
            throw node.invalid("attribute 'axis': " + e.getMessage());
        }
        int m = Shapes.size(shape, 0, axis);
        int n = Shapes.size(shape, axis, rank);
        int[] normShape = Arrays.copyOfRange(shape, axis, rank);

        int[] statShape = shape.clone();
        for (int d = axis; d < rank; d++) statShape[d] = 1;
        DataType statType = attrs.stashType == DataType.DOUBLE.code() ? DataType.DOUBLE : DataType.FLOAT;

        float[] xs = Tensors.floats(x);
        boolean perRow = in[1].rank() > normShape.length || (in.length > 2 && in[2] != null && in[2].rank() > normShape.length);
        int[] paramShape = perRow ? shape : normShape;
        float[] scale = expand(in[1], paramShape, 1);
        float[] bias = in.length > 2 && in[2] != null ? expand(in[2], paramShape, 2) : null;
        float[] y = new float[xs.length];
        float[] mean = node.wantsOutput(1) ? new float[m] : null;
        float[] inv = node.wantsOutput(2) ? new float[m] : null;
        int stride = perRow ? n : 0;
        float eps = attrs.epsilon;
        ctx.parallelFor(m, n, (from, to) -> NormKernels.layerNorm(xs, scale, bias, stride, y, n, eps, mean, inv, from, to));

        Tensor[] out = new Tensor[node.outputCount()];
        out[0] = Tensors.fromFloats(y, x.dtype(), shape);
        if (mean != null) out[1] = Tensors.fromFloats(mean, statType, statShape);
        if (inv != null) out[2] = Tensors.fromFloats(inv, statType, statShape);
        return out;
    }

    private float[] expand(Tensor t, int[] target, int input) {
        try {
            return Tensors.expandFloats(t, target);
        } catch (IllegalArgumentException e) {
            throw node.badShape(input, "broadcastable to " + Arrays.toString(target), t.shape());
        }
    }
}
