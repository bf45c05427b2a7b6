package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.norm.NormKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * MeanVarianceNormalization-9 and 13: {@code Y = (X - mean) / (sqrt(variance) + 1e-9)} with the
 * statistics taken over {@code axes} (default [0, 2, 3]), as ONNX's function body defines it. The
 * variance is computed in two passes (the body's E[X^2] - E[X]^2 would cancel for offset data).
 */
public final class MeanVarianceNormalization implements Op {
    private static final double EPSILON = 1e-9;

    private final NodeContext node;
    private final long[] axes;

    public MeanVarianceNormalization(NodeContext node) {
        this.node = node;
        this.axes = node.getInts("axes", new long[] {0, 2, 3});
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        NormSupport.requireFloat(node, x, 0);
        int[] shape = x.shape();
        int rank = shape.length;
        boolean[] reduced = new boolean[rank];
        for (long a : axes) {
            int d = NormSupport.axis(node, a, rank);
            if (reduced[d]) throw node.malformed("attribute 'axes': axis " + a + " is repeated");
            reduced[d] = true;
        }
        int[] strides = Shapes.strides(shape);
        int[] member = offsets(shape, strides, reduced, true);
        int[] groupBase = offsets(shape, strides, reduced, false);
        ctx.reserve(node.describe() + " output", x.byteSize());
        double[] xs = Tensors.doubles(x);
        double[] ys = new double[xs.length];
        ctx.parallelFor(groupBase.length, member.length,
                (from, to) -> NormKernels.meanVarianceNormalize(xs, ys, groupBase, member, EPSILON, from, to));
        return new Tensor[] {Tensors.fromDoubles(ys, x.dtype(), shape)};
    }

    /** Flat offsets of every index over the dims where {@code reduced[d] == which} (the others held at 0). */
    private static int[] offsets(int[] shape, int[] strides, boolean[] reduced, boolean which) {
        int count = 1;
        for (int d = 0; d < shape.length; d++) if (reduced[d] == which) count *= shape[d];
        int[] out = new int[count];
        int[] idx = new int[shape.length];
        for (int i = 0; i < count; i++) {
            int off = 0;
            for (int d = 0; d < shape.length; d++) off += idx[d] * strides[d];
            out[i] = off;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (reduced[d] != which) continue;
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return out;
    }
}
