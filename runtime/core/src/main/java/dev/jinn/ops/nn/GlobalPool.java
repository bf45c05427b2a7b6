package dev.jinn.ops.nn;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.reduce.ReduceKernel;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/** GlobalAveragePool-1/22 and GlobalMaxPool-1/22: one value per channel plane, spatial dims kept as 1. */
public final class GlobalPool implements Op {
    private final NodeContext node;
    private final boolean max;

    private GlobalPool(NodeContext node, boolean max) {
        this.node = node;
        this.max = max;
    }

    public static GlobalPool average(NodeContext node) {
        return new GlobalPool(node, false);
    }

    public static GlobalPool max(NodeContext node) {
        return new GlobalPool(node, true);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        if (!x.dtype().isFloatingPoint()) throw node.invalid("input 0 '" + node.node().inputs().get(0) + "': expected a float type, got " + x.dtype());
        if (x.rank() < 2) throw node.badShape(0, "[N, C, ...]", x.shape());
        int planes = x.dim(0) * x.dim(1);
        int plane = planes == 0 ? 0 : x.size() / planes;
        float[] xs = Tensors.floats(x);
        float[] y = new float[planes];
        ReduceKernel k = Kernels.reduce();
        ctx.parallelFor(planes, plane, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                y[pl] = max ? k.max(xs, pl * plane, plane) : (float) (k.sum(xs, pl * plane, plane) / plane);
            }
        });
        int[] outShape = x.shape().clone();
        for (int d = 2; d < outShape.length; d++) outShape[d] = 1;
        return new Tensor[] {Tensors.fromFloats(y, x.dtype(), outShape)};
    }
}
