package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;

/** Tile-6/13: repeats the input repeats[d] times along each dim d. */
public final class Tile implements Op {
    private final NodeContext node;

    public Tile(NodeContext node) {
        this.node = node;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Layouts.checkMovable(node, x, 0);
        long[] repeats = Layouts.ints(node, in[1], 1);
        int[] s = x.shape();
        int rank = s.length;
        if (repeats.length != rank) throw node.badShape(1, "[" + rank + "]", in[1].shape());
        long[] out = new long[rank];
        for (int d = 0; d < rank; d++) {
            if (repeats[d] < 0) throw node.invalid("negative repeat " + repeats[d]);
            out[d] = s[d] * repeats[d];
        }
        int n = Layouts.reserve(node, ctx, x.dtype(), out, 4);
        int[] shape = Layouts.toInts(out);
        int[] strides = Shapes.strides(s);
        int[] map = new int[n];
        int[] pos = new int[rank];
        for (int i = 0; i < n; i++) {
            int off = 0;
            for (int d = 0; d < rank; d++) off += (pos[d] % s[d]) * strides[d];
            map[i] = off;
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < shape[d]) break;
                pos[d] = 0;
            }
        }
        return new Tensor[] {Layouts.gather(x, shape, map)};
    }
}
