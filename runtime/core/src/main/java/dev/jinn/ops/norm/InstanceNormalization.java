package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/**
 * InstanceNormalization-1, 6 and 22 (same computation; 1 also had the ignored consumed_inputs):
 * each (sample, channel) plane is normalized by its own mean and variance, then scaled and shifted
 * per channel.
 */
public final class InstanceNormalization implements Op {
    private final NodeContext node;
    private final float epsilon;

    public InstanceNormalization(NodeContext node) {
        this.node = node;
        this.epsilon = node.getFloat("epsilon", 1e-5f);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        if (x.rank() < 2) throw node.badShape(0, "[N, C, ...] (rank 2 or more)", x.shape());
        int channels = x.dim(1);
        NormSupport.requireCount(node, in[1], channels, 1);
        NormSupport.requireCount(node, in[2], channels, 2);
        return new Tensor[] {GroupedNorm.compute(node, ctx, x, channels, epsilon, false, in[1], in[2])};
    }
}
