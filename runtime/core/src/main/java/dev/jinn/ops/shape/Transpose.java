package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/** Transpose-1..25: output dim d is input dim perm[d]; perm defaults to reversing the dims. */
public final class Transpose implements Op {
    private final NodeContext node;
    private final long[] perm;

    public Transpose(NodeContext node) {
        this.node = node;
        this.perm = node.getInts("perm", null);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Layouts.checkMovable(node, x, 0);
        int rank = x.rank();
        int[] p = new int[rank];
        if (perm == null) {
            for (int d = 0; d < rank; d++) p[d] = rank - 1 - d;
        } else {
            if (perm.length != rank) throw node.invalid("attribute 'perm' has " + perm.length + " entries for rank " + rank);
            boolean[] seen = new boolean[rank];
            for (int d = 0; d < rank; d++) {
                int a = Layouts.axis(node, perm[d], rank, "perm entry");
                if (seen[a]) throw node.invalid("attribute 'perm' repeats axis " + a);
                seen[a] = true;
                p[d] = a;
            }
        }
        Layouts.reserve(node, ctx, x.dtype(), x.shape(), 4);
        return new Tensor[] {Layouts.permute(x, x.shape(), p, ctx)};
    }
}
