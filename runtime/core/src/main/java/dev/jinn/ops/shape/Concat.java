package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.CopyKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import java.util.Arrays;

/** Concat-1..13: joins inputs of one type along {@code axis} (Concat-1 defaults it to 1; negative from Concat-11). */
public final class Concat implements Op {
    private final NodeContext node;
    private final long axis;

    public Concat(NodeContext node) {
        this.node = node;
        if (node.version() >= 4 && !node.has("axis")) throw node.malformed("attribute 'axis' is required");
        this.axis = node.getInt("axis", 1);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor first = in[0];
        int[] shape = first.shape();
        int rank = shape.length;
        int ax = Layouts.axis(node, axis, rank, "attribute 'axis'");
        int total = 0;
        for (int i = 0; i < in.length; i++) {
            Tensor t = in[i];
            Layouts.checkMovable(node, t, i);
            if (t.dtype() != first.dtype()) throw node.invalid("input " + i + " is " + t.dtype() + ", input 0 is " + first.dtype());
            int[] s = t.shape();
            boolean ok = s.length == rank;
            for (int d = 0; ok && d < rank; d++) ok = d == ax || s[d] == shape[d];
            if (!ok) throw node.badShape(i, "like " + Arrays.toString(shape) + " except on axis " + ax, s);
            total = Math.addExact(total, s[ax]);
        }
        int[] out = shape.clone();
        out[ax] = total;
        int n = Layouts.reserve(node, ctx, first.dtype(), out, 0);
        Object dst = Tensor.allocate(first.dtype(), n);
        int outer = Shapes.size(shape, 0, ax);
        int inner = Shapes.size(shape, ax + 1, rank);
        int at = 0;
        for (Tensor t : in) {
            int len = t.dim(ax) * inner;
            CopyKernels.blocks(t.array(), 0, len, dst, at, total * inner, len, outer);
            at += len;
        }
        return new Tensor[] {Tensor.wrap(first.dtype(), out, dst)};
    }
}
