package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/**
 * LayerNormalization-17: normalizes over dims [axis, rank) of X, then applies Scale and optional B
 * (both broadcast to the normalized shape, or to X's full shape). Optional outputs Mean and
 * InvStdDev have X's shape with the normalized dims set to 1, in the stash type.
 */
public final class LayerNormalization implements Op {
    record Attrs(long axis, float epsilon, int stashType) {}

    private final NodeContext node;
    private final Attrs attrs;

    public LayerNormalization(NodeContext node) {
        this.node = node;
        this.attrs = new Attrs(node.getInt("axis", -1), node.getFloat("epsilon", 1e-5f), NormSupport.stashType(node));
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor bias = in.length > 2 ? in[2] : null;
        RowNorm.Outputs o = RowNorm.compute(node, ctx, RowNorm.Request.layerNorm(in[0], attrs.axis, attrs.epsilon, attrs.stashType)
                .scale(in[1], 1).bias(bias, 2).mean(node.wantsOutput(1)).invStd(node.wantsOutput(2)));
        Tensor[] out = new Tensor[node.outputCount()];
        out[0] = o.y();
        if (out.length > 1) out[1] = o.mean();
        if (out.length > 2) out[2] = o.invStd();
        return out;
    }
}
