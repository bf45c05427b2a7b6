package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/** Unsqueeze-1..25: inserts size-1 axes at the given positions of the output; axes are input 1 from Unsqueeze-13. */
public final class Unsqueeze implements Op {
    private final NodeContext node;
    private final long[] attrAxes;

    public Unsqueeze(NodeContext node) {
        this.node = node;
        this.attrAxes = node.version() >= 13 ? null : node.getInts("axes", null);
        if (node.version() < 13 && attrAxes == null) throw node.malformed("attribute 'axes' is required");
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        int[] s = in[0].shape();
        long[] axes = node.version() >= 13 ? Layouts.ints(node, in[1], 1) : attrAxes;
        int rank = s.length + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int d = Layouts.axis(node, a, rank, "axis");
            if (inserted[d]) throw node.invalid("axis " + a + " is given twice");
            inserted[d] = true;
        }
        int[] out = new int[rank];
        for (int d = 0, j = 0; d < rank; d++) out[d] = inserted[d] ? 1 : s[j++];
        return new Tensor[] {in[0].reshape(out)};
    }
}
