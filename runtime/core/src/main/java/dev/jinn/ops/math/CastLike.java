package dev.jinn.ops.math;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/** CastLike-15..25: Cast to the type of input 1 (whose values are ignored), with Cast's {@code saturate}. */
public final class CastLike implements Op {
    private final NodeContext node;
    private final boolean saturate;

    public CastLike(NodeContext node) {
        this.node = node;
        this.saturate = node.getInt("saturate", 1) != 0;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        if (!Cast.isTarget(in[1].dtype())) throw node.invalid("input 1 'target_type': cast to " + in[1].dtype() + " is not implemented");
        try {
            return new Tensor[] {Cast.convert(in[0], in[1].dtype(), saturate)};
        } catch (IllegalArgumentException e) {
            throw node.invalid("input 0: " + e.getMessage());
        }
    }
}
