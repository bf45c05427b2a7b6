package dev.jinn.ops.logic;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Broadcast;
import dev.jinn.kernels.CopyKernels;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;

/**
 * Where-9/16: condition ? X : Y, all three broadcast together; any element type. X and Y are laid end
 * to end and one gather picks from either.
 */
public final class Where implements Op {
    private final NodeContext node;

    public Where(NodeContext node) {
        this.node = node;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor c = in[0];
        Tensor x = in[1];
        Tensor y = in[2];
        if (c.dtype() != DataType.BOOL) throw Elementwise.badType(node, 0, c.dtype());
        if (x.dtype() != y.dtype()) throw node.invalid("input 1 is " + x.dtype() + " but input 2 is " + y.dtype());
        if (x.dtype().isSubByte() || x.dtype().isComplex()) throw Elementwise.badType(node, 1, x.dtype());
        Broadcast bc = Elementwise.broadcast(node, ctx, x.dtype(), c, x, y);
        byte[] cond = c.bytes();
        int[] idx = new int[bc.size()];
        int xs = bc.stride(1);
        int ys = bc.stride(2);
        int cs = bc.stride(0);
        int ySkip = x.size();
        bc.forRuns(0, bc.runs(), (off, o, n) -> {
            for (int i = 0; i < n; i++) {
                idx[o + i] = cond[off[0] + i * cs] != 0 ? off[1] + i * xs : ySkip + off[2] + i * ys;
            }
        });
        Object both = CopyKernels.concat(x.array(), y.array(), y.size());
        return new Tensor[] {Tensor.wrap(x.dtype(), bc.shape(), CopyKernels.take(both, idx))};
    }
}
