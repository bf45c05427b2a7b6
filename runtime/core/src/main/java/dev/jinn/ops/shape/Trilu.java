package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.CopyKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/**
 * Trilu-14: the upper (j - i >= k) or lower (j - i <= k) triangle of each matrix in the last two
 * dims, zeros elsewhere; k is optional input 1 (default 0).
 */
public final class Trilu implements Op {
    private final NodeContext node;
    private final boolean upper;

    public Trilu(NodeContext node) {
        this.node = node;
        this.upper = node.getInt("upper", 1) != 0;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Layouts.checkMovable(node, x, 0);
        int[] s = x.shape();
        if (s.length < 2) throw node.badShape(0, "rank 2 or more", s);
        long k = in.length > 1 && in[1] != null ? Layouts.ints(node, in[1], 1)[0] : 0;
        int rows = s[s.length - 2];
        int cols = s[s.length - 1];
        int n = x.size();
        int[] map = new int[n];
        for (int i = 0; i < n; i++) {
            long d = (long) (i % cols) - (i / cols) % rows;
            map[i] = (upper ? d >= k : d <= k) ? i : n;
        }
        Object data = CopyKernels.concat(x.array(), Tensor.allocate(x.dtype(), 1), 1);
        return new Tensor[] {Tensor.wrap(x.dtype(), s, CopyKernels.take(data, map))};
    }
}
