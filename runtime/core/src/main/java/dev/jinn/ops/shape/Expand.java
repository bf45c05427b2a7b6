package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Broadcast;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;
import java.util.Arrays;

/** Expand-8/13: broadcasts the input against the shape in input 1 (numpy rules both ways, so dims of 1 in the shape keep the input's). */
public final class Expand implements Op {
    private final NodeContext node;

    public Expand(NodeContext node) {
        this.node = node;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Layouts.checkMovable(node, x, 0);
        long[] spec = Layouts.ints(node, in[1], 1);
        int[] s = x.shape();
        int rank = Math.max(s.length, spec.length);
        long[] out = new long[rank];
        for (int d = 0; d < rank; d++) {
            int sd = d - (rank - s.length);
            int pd = d - (rank - spec.length);
            long a = sd < 0 ? 1 : s[sd];
            long b = pd < 0 ? 1 : spec[pd];
            if (a != b && a != 1 && b != 1) {
                throw node.invalid("input shape " + Arrays.toString(s) + " does not broadcast to " + Arrays.toString(spec));
            }
            out[d] = a == 1 ? b : a;
        }
        Layouts.reserve(node, ctx, x.dtype(), out, 4);
        int[] target = Layouts.toInts(out);
        if (Arrays.equals(target, s)) return new Tensor[] {x};
        return new Tensor[] {Layouts.gather(x, target, Broadcast.to(target, s).indexOf(0))};
    }
}
