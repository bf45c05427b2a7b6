package dev.jinn.optimizer;

import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuses the exact (Erf) Gelu, {@code x * 0.5 * (1 + Erf(x / sqrt(2)))}, into Gelu (ai.onnx opset 20
 * semantics, approximate="none"). Accepted forms, after {@code a = 1 + Erf(x / sqrt2)} (or
 * {@code Erf(x * (1/sqrt2))}): {@code (x * a) * 0.5}, {@code (x * 0.5) * a} and
 * {@code x * (a * 0.5)}, with the operands of Add and Mul in either order.
 */
final class GeluFusion implements Rewrite {
    private static final double SQRT2 = Math.sqrt(2);

    @Override
    public String name() {
        return "fuse-gelu";
    }

    @Override
    public Graph apply(Graph graph, OptimizerContext ctx) {
        GraphIndex ix = new GraphIndex(graph, ctx);
        String domain = null;
        for (int i = 0; i < ix.nodes.size(); i++) {
            if (!GraphIndex.is(ix.nodes.get(i), "Erf") || ix.touched(i)) continue;
            List<Integer> nodes = new ArrayList<>();
            String[] xOut = match(ix, i, nodes);
            if (xOut == null || nodes.stream().anyMatch(ix::touched)) continue;
            if (domain == null) domain = ctx.fusedDomain("Gelu");
            if (domain == null) return graph;
            int last = nodes.get(nodes.size() - 1);
            Node lastNode = ix.nodes.get(last);
            for (int n : nodes) ix.remove(n);
            ix.replace(last, new Node(lastNode.name().isEmpty() ? "" : lastNode.name() + "/Gelu", domain, "Gelu",
                    List.of(xOut[0]), List.of(xOut[1]), Map.of()));
        }
        return ix.rewrite();
    }

    /** {x, output} of the Gelu around the Erf at {@code erfIdx}, with the matched nodes (last one last); or null. */
    private static String[] match(GraphIndex ix, int erfIdx, List<Integer> nodes) {
        Node erf = ix.nodes.get(erfIdx);
        String scaled = erf.inputs().get(0);
        int scaleIdx = ix.producerIndex(scaled);
        if (scaleIdx < 0 || !ix.onlyReader(scaled, erfIdx)) return null;
        Node scale = ix.nodes.get(scaleIdx);
        String x;
        if (GraphIndex.is(scale, "Div") && GraphIndex.near(ix.scalar(scale.inputs().get(1)), SQRT2)) {
            x = scale.inputs().get(0);
        } else if (GraphIndex.is(scale, "Mul")) {
            x = constOperand(ix, scale, 1 / SQRT2);
        } else {
            return null;
        }
        if (x == null) return null;
        nodes.add(scaleIdx);
        nodes.add(erfIdx);
        int addIdx = ix.soleReader(erf.outputs().get(0));
        if (addIdx < 0 || !GraphIndex.is(ix.nodes.get(addIdx), "Add")) return null;
        Node add = ix.nodes.get(addIdx);
        if (!GraphIndex.near(ix.scalar(GraphIndex.other(add, erf.outputs().get(0))), 1)) return null;
        nodes.add(addIdx);
        String a = add.outputs().get(0);
        int mulIdx = ix.soleReader(a);
        if (mulIdx < 0 || !GraphIndex.is(ix.nodes.get(mulIdx), "Mul")) return null;
        Node mul = ix.nodes.get(mulIdx);
        String other = GraphIndex.other(mul, a);
        if (other == null) return null;
        nodes.add(mulIdx);
        if (other.equals(x)) {
            // (x * a) * 0.5
            int halfIdx = ix.soleReader(mul.outputs().get(0));
            if (halfIdx < 0 || !GraphIndex.is(ix.nodes.get(halfIdx), "Mul")) return null;
            Node half = ix.nodes.get(halfIdx);
            if (!GraphIndex.near(ix.scalar(GraphIndex.other(half, mul.outputs().get(0))), 0.5)) return null;
            nodes.add(halfIdx);
            return new String[] {x, half.outputs().get(0)};
        }
        if (GraphIndex.near(ix.scalar(other), 0.5)) {
            // x * (a * 0.5)
            int outerIdx = ix.soleReader(mul.outputs().get(0));
            if (outerIdx < 0 || !GraphIndex.is(ix.nodes.get(outerIdx), "Mul")) return null;
            Node outer = ix.nodes.get(outerIdx);
            if (!x.equals(GraphIndex.other(outer, mul.outputs().get(0)))) return null;
            nodes.add(outerIdx);
            return new String[] {x, outer.outputs().get(0)};
        }
        // (x * 0.5) * a
        int halfIdx = ix.producerIndex(other);
        if (halfIdx < 0 || !ix.onlyReader(other, mulIdx) || !GraphIndex.is(ix.nodes.get(halfIdx), "Mul")) return null;
        if (!x.equals(constOperand(ix, ix.nodes.get(halfIdx), 0.5))) return null;
        nodes.add(nodes.size() - 1, halfIdx);
        return new String[] {x, mul.outputs().get(0)};
    }

    /** For a Mul with a constant scalar {@code c} on one side, the other operand; else null. */
    private static String constOperand(GraphIndex ix, Node mul, double c) {
        if (mul.inputs().size() != 2) return null;
        if (GraphIndex.near(ix.scalar(mul.inputs().get(1)), c)) return mul.inputs().get(0);
        if (GraphIndex.near(ix.scalar(mul.inputs().get(0)), c)) return mul.inputs().get(1);
        return null;
    }

}
