package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;

/**
 * Compress-9/11: keeps the slices along {@code axis} whose entry in the 1-D bool condition is true
 * (the condition may be shorter than the axis); without an axis, the elements of the flattened input.
 */
public final class Compress implements Op {
    private final NodeContext node;
    private final Long axis;

    public Compress(NodeContext node) {
        this.node = node;
        this.axis = node.has("axis") ? node.getInt("axis", 0) : null;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Tensor cond = in[1];
        Layouts.checkMovable(node, x, 0);
        if (cond.dtype() != DataType.BOOL) throw Elementwise.badType(node, 1, cond.dtype());
        if (cond.rank() != 1) throw node.badShape(1, "a 1-D tensor", cond.shape());
        int[] s = axis == null ? new int[] {x.size()} : x.shape();
        int ax = axis == null ? 0 : Layouts.axis(node, axis, s.length, "attribute 'axis'");
        int dim = s[ax];
        byte[] c = cond.bytes();
        if (c.length > dim) throw node.badShape(1, "at most [" + dim + "]", cond.shape());
        int kept = 0;
        for (byte b : c) if (b != 0) kept++;
        int outer = Shapes.size(s, 0, ax);
        int inner = Shapes.size(s, ax + 1, s.length);
        int[] out = s.clone();
        out[ax] = kept;
        int[] map = new int[Layouts.reserve(node, ctx, x.dtype(), out, 4)];
        int m = 0;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < c.length; j++) {
                if (c[j] == 0) continue;
                for (int i = 0; i < inner; i++) map[m++] = (o * dim + j) * inner + i;
            }
        }
        return new Tensor[] {Layouts.gather(x, out, map)};
    }
}
