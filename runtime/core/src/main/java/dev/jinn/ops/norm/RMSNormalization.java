package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/** RMSNormalization-23: {@code Y = X / sqrt(mean(X^2 over dims [axis, rank)) + epsilon) * scale}. */
public final class RMSNormalization implements Op {
    record Attrs(long axis, float epsilon, int stashType) {}

    private final NodeContext node;
    private final Attrs attrs;

    public RMSNormalization(NodeContext node) {
        this.node = node;
        this.attrs = new Attrs(node.getInt("axis", -1), node.getFloat("epsilon", 1e-5f), NormSupport.stashType(node));
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        return new Tensor[] {RowNorm.compute(node, ctx,
                RowNorm.Request.rmsNorm(in[0], attrs.axis, attrs.epsilon, attrs.stashType).scale(in[1], 1)).y()};
    }
}
