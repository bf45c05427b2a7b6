package dev.jinn.optimizer;

import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuses the forms exporters write for Swish and HardSwish back into one node each:
 * {@code Mul(x, Sigmoid(x))} into Swish (ai.onnx 24, alpha 1); {@code Mul(x, HardSigmoid(x))} with
 * alpha 1/6 and beta 1/2, and {@code x * Clip(x + 3, 0, 6) / 6} (the division by 6 as {@code Div 6} or
 * {@code Mul 1/6}, before or after the product with x) into HardSwish (ai.onnx 14). One pass over
 * x instead of three to five; intermediates must be read only inside the pattern.
 */
final class SwishFusion implements Rewrite {
    @Override
    public String name() {
        return "fuse-swish";
    }

    @Override
    public Graph apply(Graph graph, OptimizerContext ctx) {
        GraphIndex ix = new GraphIndex(graph, ctx);
        for (int i = 0; i < ix.nodes.size(); i++) {
            if (ix.touched(i)) continue;
            Node n = ix.nodes.get(i);
            List<Integer> nodes = new ArrayList<>();
            String[] xOut = GraphIndex.is(n, "Sigmoid") ? sigmoidForm(ix, i, nodes, "Swish")
                    : GraphIndex.is(n, "HardSigmoid") && hardSigmoidIsSixth(n) ? sigmoidForm(ix, i, nodes, "HardSwish")
                    : GraphIndex.is(n, "Add") ? clipForm(ix, i, nodes, ctx.opset("")) : null;
            if (xOut == null || nodes.stream().anyMatch(ix::touched)) continue;
            String op = xOut[2];
            String domain = ctx.fusedDomain(op);
            if (domain == null) continue;
            int last = nodes.get(nodes.size() - 1);
            Node lastNode = ix.nodes.get(last);
            for (int k : nodes) ix.remove(k);
            ix.replace(last, new Node(lastNode.name().isEmpty() ? "" : lastNode.name() + "/" + op, domain, op,
                    List.of(xOut[0]), List.of(xOut[1]), Map.of()));
        }
        return ix.rewrite();
    }

    /** {@code Mul(x, act(x))} around the activation at {@code actIdx}: {x, output, op}, or null. */
    private static String[] sigmoidForm(GraphIndex ix, int actIdx, List<Integer> nodes, String op) {
        Node act = ix.nodes.get(actIdx);
        String x = act.inputs().get(0), s = act.outputs().get(0);
        int mulIdx = ix.soleReader(s);
        if (mulIdx < 0 || !GraphIndex.is(ix.nodes.get(mulIdx), "Mul")) return null;
        Node mul = ix.nodes.get(mulIdx);
        if (!x.equals(GraphIndex.other(mul, s))) return null;
        nodes.add(actIdx);
        nodes.add(mulIdx);
        return new String[] {x, mul.outputs().get(0), op};
    }

    private static boolean hardSigmoidIsSixth(Node n) {
        return GraphIndex.near(GraphIndex.floatAttr(n, "alpha", 0.2f), 1.0 / 6) && GraphIndex.near(GraphIndex.floatAttr(n, "beta", 0.5f), 0.5);
    }

    /** {@code x * Clip(x + 3, 0, 6) / 6} from the Add at {@code addIdx}: {x, output, "HardSwish"}, or null. */
    private static String[] clipForm(GraphIndex ix, int addIdx, List<Integer> nodes, int opset) {
        Node add = ix.nodes.get(addIdx);
        if (add.inputs().size() != 2) return null;
        String x = GraphIndex.near(ix.scalar(add.inputs().get(1)), 3) ? add.inputs().get(0)
                : GraphIndex.near(ix.scalar(add.inputs().get(0)), 3) ? add.inputs().get(1) : null;
        if (x == null) return null;
        int clipIdx = ix.soleReader(add.outputs().get(0));
        if (clipIdx < 0 || !GraphIndex.is(ix.nodes.get(clipIdx), "Clip") || !clipsTo(ix, ix.nodes.get(clipIdx), opset, 0, 6)) return null;
        nodes.add(addIdx);
        nodes.add(clipIdx);
        String v = ix.nodes.get(clipIdx).outputs().get(0);
        // Two steps, each "times x" or "over 6", in either order.
        boolean timesX = false, overSix = false;
        for (int step = 0; step < 2; step++) {
            int next = ix.soleReader(v);
            if (next < 0) return null;
            Node n = ix.nodes.get(next);
            if (!timesX && GraphIndex.is(n, "Mul") && x.equals(GraphIndex.other(n, v))) {
                timesX = true;
            } else if (!overSix && (GraphIndex.is(n, "Div") && n.inputs().get(0).equals(v) && GraphIndex.near(ix.scalar(n.inputs().get(1)), 6)
                    || GraphIndex.is(n, "Mul") && GraphIndex.other(n, v) != null && GraphIndex.near(ix.scalar(GraphIndex.other(n, v)), 1.0 / 6))) {
                overSix = true;
            } else {
                return null;
            }
            nodes.add(next);
            v = n.outputs().get(0);
        }
        return new String[] {x, v, "HardSwish"};
    }

    /** Whether a Clip's bounds are the constants lo and hi (attributes before opset 11, inputs since). */
    private static boolean clipsTo(GraphIndex ix, Node clip, int opset, double lo, double hi) {
        if (opset < 11) {
            return GraphIndex.near(GraphIndex.floatAttr(clip, "min", Float.NaN), lo) && GraphIndex.near(GraphIndex.floatAttr(clip, "max", Float.NaN), hi);
        }
        return clip.inputs().size() == 3 && GraphIndex.near(ix.scalar(clip.inputs().get(1)), lo) && GraphIndex.near(ix.scalar(clip.inputs().get(2)), hi);
    }

}
