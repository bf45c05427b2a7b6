package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;

/** Gather-1/11/13: picks slices along {@code axis} by index (negative counts from the end); out = data[:axis] + indices + data[axis+1:]. */
public final class Gather implements Op {
    private final NodeContext node;
    private final long axis;

    public Gather(NodeContext node) {
        this.node = node;
        this.axis = node.getInt("axis", 0);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Tensor idx = in[1];
        Layouts.checkMovable(node, x, 0);
        if (!Elementwise.isInteger(idx.dtype())) throw Elementwise.badType(node, 1, idx.dtype());
        int[] shape = x.shape();
        int ax = Layouts.axis(node, axis, shape.length, "attribute 'axis'");
        int[] is = idx.shape();
        int[] out = new int[shape.length - 1 + is.length];
        System.arraycopy(shape, 0, out, 0, ax);
        System.arraycopy(is, 0, out, ax, is.length);
        System.arraycopy(shape, ax + 1, out, ax + is.length, shape.length - ax - 1);
        int n = Layouts.reserve(node, ctx, x.dtype(), out, 0);
        int outer = Shapes.size(shape, 0, ax);
        int dim = shape[ax];
        int inner = Shapes.size(shape, ax + 1, shape.length);
        int k = idx.size();
        Object src = x.array();
        Object dst = Tensor.allocate(x.dtype(), n);
        for (int j = 0; j < k; j++) {
            long v = idx.getLong(j);
            if (v < -dim || v >= dim) throw node.invalid("index " + v + " is out of range for axis " + ax + " of size " + dim);
            int from = (int) (v < 0 ? v + dim : v) * inner;
            for (int o = 0; o < outer; o++) System.arraycopy(src, o * dim * inner + from, dst, (o * k + j) * inner, inner);
        }
        return new Tensor[] {Tensor.wrap(x.dtype(), out, dst)};
    }
}
