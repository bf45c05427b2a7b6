package dev.jinn.optimizer;

import dev.jinn.ir.Attribute;
import dev.jinn.ir.Domains;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a Conv whose only reader is an activation (Relu, LeakyRelu, Sigmoid, Tanh, HardSigmoid, or a
 * Clip with constant bounds: Relu6) into one FusedConv, ONNX Runtime's com.microsoft op, placed in
 * Jinn's own domain: the activation then runs on each output tile while it is still in cache,
 * instead of as a second pass over the whole output.
 */
final class ConvActivationFusion implements Rewrite {
    @Override
    public String name() {
        return "fuse-conv-activation";
    }

    @Override
    public Graph apply(Graph graph, OptimizerContext ctx) {
        GraphIndex ix = new GraphIndex(graph, ctx);
        for (int i = 0; i < ix.nodes.size(); i++) {
            Node conv = ix.nodes.get(i);
            if (!GraphIndex.is(conv, "Conv") || ix.touched(i)) continue;
            int actIdx = ix.soleReader(conv.outputs().get(0));
            if (actIdx < 0 || ix.touched(actIdx)) continue;
            Node act = ix.nodes.get(actIdx);
            float[] params = params(ix, act, ctx.opset(""));
            if (params == null || !ctx.useJinnOp("FusedConv")) continue;
            Map<String, Attribute> attrs = new HashMap<>(conv.attributes());
            attrs.put("activation", new Attribute("activation", Attribute.Type.STRING, act.opType(), null));
            attrs.put("activation_params", new Attribute("activation_params", Attribute.Type.FLOATS, params, null));
            String name = conv.name().isEmpty() ? "" : conv.name() + "/FusedConv";
            ix.remove(i);
            ix.replace(actIdx, new Node(name, Domains.JINN, "FusedConv", conv.inputs(), act.outputs(), attrs));
        }
        return ix.rewrite();
    }

    /** The activation_params FusedConv takes for {@code act}, or null when it is not an activation it takes. */
    private static float[] params(GraphIndex ix, Node act, int opset) {
        if (!act.domain().isEmpty() && !act.domain().equals(Domains.ONNX)) return null;
        return switch (act.opType()) {
            case "Relu", "Sigmoid", "Tanh" -> new float[0];
            case "LeakyRelu" -> new float[] {GraphIndex.floatAttr(act, "alpha", 0.01f)};
            case "HardSigmoid" -> new float[] {GraphIndex.floatAttr(act, "alpha", 0.2f), GraphIndex.floatAttr(act, "beta", 0.5f)};
            case "Clip" -> opset < 11
                    ? new float[] {GraphIndex.floatAttr(act, "min", Float.NEGATIVE_INFINITY), GraphIndex.floatAttr(act, "max", Float.POSITIVE_INFINITY)}
                    : clipBounds(ix, act);
            default -> null;
        };
    }

    /** Clip-11+ bounds, each an absent input (no bound) or a one-element constant; null otherwise. */
    private static float[] clipBounds(GraphIndex ix, Node clip) {
        float[] b = {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        for (int k = 1; k <= 2; k++) {
            if (clip.inputs().size() <= k || clip.inputs().get(k).isEmpty()) continue;
            double v = ix.scalar(clip.inputs().get(k));
            if (Double.isNaN(v)) return null;
            b[k - 1] = (float) v;
        }
        return b;
    }

}
