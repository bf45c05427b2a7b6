package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.norm.NormKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/** LpNormalization-1 and 22: X divided by its L1 or L2 norm along {@code axis} (p = 1 or 2). */
public final class LpNormalization implements Op {
    record Attrs(long axis, int p) {}

    private final NodeContext node;
    private final Attrs attrs;

    public LpNormalization(NodeContext node) {
        this.node = node;
        int p = (int) node.getInt("p", 2);
        if (p != 1 && p != 2) throw node.malformed("attribute 'p': expected 1 or 2, got " + p);
        this.attrs = new Attrs(node.getInt("axis", -1), p);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        NormSupport.requireFloat(node, x, 0);
        int[] shape = x.shape();
        int axis = NormSupport.axis(node, attrs.axis, shape.length);
        int len = shape[axis];
        int inner = Shapes.size(shape, axis + 1, shape.length);
        int lines = Shapes.size(shape, 0, axis) * inner;
        ctx.reserve(node.describe() + " output", x.byteSize());
        double[] xs = Tensors.doubles(x);
        double[] ys = new double[xs.length];
        ctx.parallelFor(lines, len, (from, to) -> NormKernels.lpNormalize(xs, ys, len, inner, attrs.p, from, to));
        return new Tensor[] {Tensors.fromDoubles(ys, x.dtype(), shape)};
    }
}
