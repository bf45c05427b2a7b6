package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/** Scatter-9/11, deprecated in favour of ScatterElements: the same, without reduction. */
public final class Scatter implements Op {
    private final NodeContext node;
    private final long axis;

    public Scatter(NodeContext node) {
        this.node = node;
        this.axis = node.getInt("axis", 0);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Layouts.checkMovable(node, in[0], 0);
        int[] to = Scatters.elementTargets(node, in[0], in[1], in[2], axis);
        return new Tensor[] {Scatters.apply(node, in[0], in[2], to, Scatters.Reduction.NONE)};
    }
}
