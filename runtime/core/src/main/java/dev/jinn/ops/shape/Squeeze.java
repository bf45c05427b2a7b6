package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;
import java.util.Arrays;

/** Squeeze-1..25: drops the given size-1 axes (all size-1 axes when none are given); axes are input 1 from Squeeze-13. */
public final class Squeeze implements Op {
    private final NodeContext node;
    private final long[] attrAxes;

    public Squeeze(NodeContext node) {
        this.node = node;
        this.attrAxes = node.version() >= 13 ? null : node.getInts("axes", null);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        int[] s = in[0].shape();
        long[] axes = node.version() >= 13 ? (in.length > 1 && in[1] != null ? Layouts.ints(node, in[1], 1) : null) : attrAxes;
        boolean[] drop = new boolean[s.length];
        if (axes == null) {
            for (int d = 0; d < s.length; d++) drop[d] = s[d] == 1;
        } else {
            for (long a : axes) {
                int d = Layouts.axis(node, a, s.length, "axis");
                if (s[d] != 1) throw node.badShape(0, "size 1 on axis " + a, s);
                drop[d] = true;
            }
        }
        int[] out = new int[s.length];
        int r = 0;
        for (int d = 0; d < s.length; d++) if (!drop[d]) out[r++] = s[d];
        return new Tensor[] {in[0].reshape(Arrays.copyOf(out, r))};
    }
}
