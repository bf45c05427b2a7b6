package dev.jinn.ops.nn;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Kernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * Softmax-1/11/13 and LogSoftmax-1/11/13. Before 13 the input is coerced to 2-D around {@code axis}
 * (default 1): [prod(dims before axis), prod(dims from axis)], normalized per row. From 13 it is
 * normalized along {@code axis} alone (default -1).
 */
public final class Softmax implements Op {
    private final NodeContext node;
    private final int axis;
    private final boolean log;

    private Softmax(NodeContext node, boolean log) {
        this.node = node;
        this.log = log;
        this.axis = (int) node.getInt("axis", node.version() >= 13 ? -1 : 1);
    }

    public static Softmax softmax(NodeContext node) {
        return new Softmax(node, false);
    }

    public static Softmax logSoftmax(NodeContext node) {
        return new Softmax(node, true);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        if (!x.dtype().isFloatingPoint()) throw node.invalid("input 0 '" + node.node().inputs().get(0) + "': expected a float type, got " + x.dtype());
        int[] shape = x.shape();
        int rank = shape.length;
        int a;
        try {
            a = rank == 0 ? 0 : Shapes.normalizeAxis(axis, rank);
        } catch (IllegalArgumentException e) {
            throw node.invalid("attribute 'axis': " + e.getMessage());
        }
        float[] xs = Tensors.floats(x);
        float[] y = x.dtype() == DataType.FLOAT ? ctx.outputFloats(xs.length) : new float[xs.length];
        int outer = Shapes.size(shape, 0, a);
        if (node.version() < 13 || a == rank - 1 || rank == 0) {
            int n = Shapes.size(shape, a, rank);
            ctx.parallelFor(outer, n, (from, to) -> Kernels.softmax().softmax(xs, y, n, log, from, to));
        } else {
            int n = shape[a];
            int inner = Shapes.size(shape, a + 1, rank);
            ctx.parallelFor(outer * inner, n, (from, to) -> Kernels.softmax().softmaxStrided(xs, y, n, inner, log, from, to));
        }
        return new Tensor[] {Tensors.fromFloats(y, x.dtype(), shape)};
    }
}
