package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/** ScatterElements-11..18: data with updates written where indices point along {@code axis}; reduction from 16 (add, mul) and 18 (max, min). */
public final class ScatterElements implements Op {
    private final NodeContext node;
    private final long axis;
    private final Scatters.Reduction reduction;

    public ScatterElements(NodeContext node) {
        this.node = node;
        this.axis = node.getInt("axis", 0);
        this.reduction = Scatters.reduction(node);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Layouts.checkMovable(node, in[0], 0);
        int[] to = Scatters.elementTargets(node, in[0], in[1], in[2], axis);
        return new Tensor[] {Scatters.apply(node, in[0], in[2], to, reduction)};
    }
}
