package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;

/**
 * OneHot-9/11: a new axis of size depth at {@code axis} (default -1, the last), holding values[1]
 * where it equals the index (negative indices count from depth, from OneHot-11) and values[0]
 * elsewhere; out-of-range indices give a row of values[0].
 */
public final class OneHot implements Op {
    private final NodeContext node;
    private final long axis;

    public OneHot(NodeContext node) {
        this.node = node;
        this.axis = node.getInt("axis", -1);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor idx = in[0];
        Tensor values = in[2];
        Layouts.checkMovable(node, values, 2);
        if (in[1].size() != 1) throw node.badShape(1, "a scalar", in[1].shape());
        if (values.size() != 2) throw node.badShape(2, "[2]", values.shape());
        long depth = (long) in[1].getDouble(0);
        if (depth < 1) throw node.invalid("depth " + depth + " is not positive");
        int[] s = idx.shape();
        int ax = Layouts.axis(node, axis, s.length + 1, "attribute 'axis'");
        long[] outL = new long[s.length + 1];
        for (int d = 0, j = 0; d <= s.length; d++) outL[d] = d == ax ? depth : s[j++];
        int n = Layouts.reserve(node, ctx, values.dtype(), outL, 4);
        int[] out = Layouts.toInts(outL);
        int dep = (int) depth;
        int outer = Shapes.size(s, 0, ax);
        int inner = Shapes.size(s, ax, s.length);
        int[] map = new int[n];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                long v = (long) idx.getDouble(o * inner + i);
                if (v < 0) v += depth;
                if (v >= 0 && v < depth) map[(o * dep + (int) v) * inner + i] = 1;
            }
        }
        return new Tensor[] {Layouts.gather(values, out, map)};
    }
}
