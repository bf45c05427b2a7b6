package dev.jinn.optimizer;

import dev.jinn.ir.Attribute;
import dev.jinn.ir.Domains;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a Conv and what it alone feeds, a residual Add (or two-input Sum) and then an activation
 * (Relu, LeakyRelu, Sigmoid, Tanh, HardSigmoid, or a Clip with constant bounds: Relu6), either or
 * both, into one FusedConv, ONNX Runtime's com.microsoft op placed in Jinn's own domain, with the
 * Add's other operand as its Z: the sum and the activation then run on each output tile while it is
 * still in cache, instead of as passes over the whole output. Where Z turns out at run time not to
 * have Y's shape, the op broadcasts the Add after the convolution as the graph would have.
 */
final class ConvEpilogueFusion implements Rewrite {
    @Override
    public String name() {
        return "fuse-conv-epilogue";
    }

    @Override
    public Graph apply(Graph graph, OptimizerContext ctx) {
        GraphIndex ix = new GraphIndex(graph, ctx);
        for (int i = 0; i < ix.nodes.size(); i++) {
            Node conv = ix.nodes.get(i);
            if (!GraphIndex.is(conv, "Conv") || ix.touched(i) || !ctx.useJinnOp("FusedConv")) continue;
            int next = ix.soleReader(conv.outputs().get(0));
            if (next < 0 || ix.touched(next)) continue;
            List<String> in = new ArrayList<>(conv.inputs());
            while (in.size() < 3) in.add("");
            int last = next, add = -1;
            Node n = ix.nodes.get(next);
            String z = residual(n, conv.outputs().get(0));
            if (z != null) {
                in.add(z);
                add = next;
                int act = ix.soleReader(n.outputs().get(0));
                last = act >= 0 && !ix.touched(act) && params(ix, ix.nodes.get(act), ctx.opset("")) != null ? act : next;
            }
            Node act = last == add ? null : ix.nodes.get(last);
            float[] params = act == null ? null : params(ix, act, ctx.opset(""));
            if (act != null && params == null) continue;
            Map<String, Attribute> attrs = new HashMap<>(conv.attributes());
            if (act != null) {
                attrs.put("activation", new Attribute("activation", Attribute.Type.STRING, act.opType(), null));
                attrs.put("activation_params", new Attribute("activation_params", Attribute.Type.FLOATS, params, null));
            }
            String name = conv.name().isEmpty() ? "" : conv.name() + "/FusedConv";
            ix.remove(i);
            if (add >= 0 && add != last) ix.remove(add);
            ix.replace(last, new Node(name, Domains.JINN, "FusedConv", in, ix.nodes.get(last).outputs(), attrs));
        }
        return ix.rewrite();
    }

    /** The other operand when {@code n} is an Add or a two-input Sum of {@code conv} and another value; else null. */
    private static String residual(Node n, String conv) {
        if (!GraphIndex.is(n, "Add") && !(GraphIndex.is(n, "Sum") && n.inputs().size() == 2)) return null;
        // Add-1 and 6 with 'broadcast' align the operands their own way; Z assumes numpy's.
        if (n.inputs().size() != 2 || n.inputs().get(0).equals(n.inputs().get(1)) || n.attribute("broadcast") != null) return null;
        return GraphIndex.other(n, conv);
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
