package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/**
 * SimplifiedLayerNormalization-1, which ONNX Runtime registers in the ai.onnx domain: RMS
 * normalization over dims [axis, rank) times Scale, with an optional inv_std_var output.
 */
public final class SimplifiedLayerNormalization implements Op {
    record Attrs(long axis, float epsilon, int stashType) {}

    private final NodeContext node;
    private final Attrs attrs;

    public SimplifiedLayerNormalization(NodeContext node) {
        this.node = node;
        this.attrs = new Attrs(node.getInt("axis", -1), node.getFloat("epsilon", 1e-5f), NormSupport.stashType(node));
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        RowNorm.Outputs o = RowNorm.compute(node, ctx, RowNorm.Request.rmsNorm(in[0], attrs.axis, attrs.epsilon, attrs.stashType)
                .scale(in[1], 1).invStd(node.wantsOutput(1)));
        Tensor[] out = new Tensor[node.outputCount()];
        out[0] = o.y();
        if (out.length > 1) out[1] = o.invStd();
        return out;
    }
}
