package dev.jinn.optimizer;

import dev.jinn.ir.Attribute;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuses the decomposed layer norm that PyTorch and TensorFlow exporters write,
 * <pre>
 *   m = ReduceMean(x, last k axes); d = Sub(x, m); v = ReduceMean(Pow(d, 2) | Mul(d, d))
 *   y = d / Sqrt(v + eps)  |  d * Reciprocal(Sqrt(v + eps));  y = y * gamma  [+ beta]
 * </pre>
 * into one LayerNormalization(x, gamma, beta, axis=-k, epsilon=eps). The variant with x - m
 * computed twice (one Sub for the square, one for the numerator) matches too. Every intermediate
 * must have no reader outside the pattern, eps must be a constant scalar, and gamma and beta
 * constants shaped like the normalized dims, as in ORT's layer_norm_fusion.cc. The fused op
 * computes in float32 with a two-pass variance, so only float32 (or narrower) patterns are fused.
 */
final class LayerNormFusion implements Rewrite {
    @Override
    public String name() {
        return "fuse-layer-norm";
    }

    @Override
    public Graph apply(Graph graph, OptimizerContext ctx) {
        GraphIndex ix = new GraphIndex(graph, ctx);
        String domain = null;
        for (int i = 0; i < ix.nodes.size(); i++) {
            if (!GraphIndex.is(ix.nodes.get(i), "ReduceMean") || ix.touched(i)) continue;
            Match m = match(ix, i);
            if (m == null) continue;
            if (domain == null) domain = ctx.fusedDomain("LayerNormalization");
            if (domain == null) return graph;
            commit(ix, m, domain);
        }
        return ix.rewrite();
    }

    private record Match(String x, int k, NormTail tail, NormTail.Param gamma, NormTail.Param beta, String output,
                         List<Integer> nodes, int last) {}

    private static Match match(GraphIndex ix, int meanIdx) {
        Node mean = ix.nodes.get(meanIdx);
        int k = ix.trailingReduction(mean, -1);
        if (k < 0) return null;
        String x = mean.inputs().get(0);
        String mu = mean.outputs().get(0);
        if (ix.pinned(mu)) return null;
        List<Integer> subs = ix.readers(mu);
        if (subs.isEmpty() || subs.size() > 2) return null;
        for (int s : subs) {
            Node sub = ix.nodes.get(s);
            if (!GraphIndex.is(sub, "Sub") || !sub.inputs().equals(List.of(x, mu)) || ix.pinned(sub.outputs().get(0))) return null;
        }
        // Each Sub output feeds the square, the numerator, or both (when there is one Sub).
        List<Integer> subReaders = new ArrayList<>();
        for (int s : subs) subReaders.addAll(ix.readers(ix.nodes.get(s).outputs().get(0)));
        if (subReaders.size() != 2) return null;
        for (int sq : subReaders) {
            Node square = ix.nodes.get(sq);
            String d = square.inputs().isEmpty() ? "" : square.inputs().get(0);
            if (!isSquare(ix, square, d)) continue;
            int msIdx = ix.soleReader(square.outputs().get(0));
            if (msIdx < 0 || !GraphIndex.is(ix.nodes.get(msIdx), "ReduceMean")) continue;
            // The squares have x's rank: mu keeps its dims.
            if (ix.trailingReduction(ix.nodes.get(msIdx), ix.rank(x)) != k) continue;
            NormTail tail = NormTail.match(ix, msIdx);
            if (tail == null) continue;
            int numReader = subReaders.get(0) == sq ? subReaders.get(1) : subReaders.get(0);
            Node numSub = ix.producer(tail.numerator());
            if (numSub == null || !subs.contains(ix.producerIndex(tail.numerator())) || !tail.nodes().contains(numReader)) continue;
            if (subs.size() == 2 && ix.producerIndex(tail.numerator()) == ix.producerIndex(d)) continue;
            NormTail.Param gamma = NormTail.param(ix, tail.scale(), x, k);
            if (gamma == null) continue;
            List<Integer> nodes = new ArrayList<>(List.of(meanIdx, sq, msIdx));
            nodes.addAll(subs);
            nodes.addAll(tail.nodes());
            String output = tail.output();
            int last = tail.last();
            NormTail.Param beta = null;
            int biasIdx = ix.soleReader(output);
            if (biasIdx >= 0 && GraphIndex.is(ix.nodes.get(biasIdx), "Add")) {
                Node bias = ix.nodes.get(biasIdx);
                String b = GraphIndex.other(bias, output);
                beta = b == null || b.equals(output) ? null : NormTail.param(ix, b, x, k);
                if (beta != null) {
                    nodes.add(biasIdx);
                    output = bias.outputs().get(0);
                    last = biasIdx;
                }
            }
            for (int n : nodes) if (ix.touched(n)) return null;
            return new Match(x, k, tail, gamma, beta, output, nodes, last);
        }
        return null;
    }

    /** Pow(d, 2) or Mul(d, d). */
    static boolean isSquare(GraphIndex ix, Node n, String d) {
        if (GraphIndex.is(n, "Mul")) return n.inputs().size() == 2 && n.inputs().get(0).equals(d) && n.inputs().get(1).equals(d);
        return GraphIndex.is(n, "Pow") && n.inputs().size() == 2 && n.inputs().get(0).equals(d)
                && ix.scalar(n.inputs().get(1)) == 2.0;
    }

    private static void commit(GraphIndex ix, Match m, String domain) {
        List<String> inputs = new ArrayList<>(List.of(m.x(), m.gamma().commit(ix)));
        if (m.beta() != null) inputs.add(m.beta().commit(ix));
        Node last = ix.nodes.get(m.last());
        Node fused = new Node(last.name().isEmpty() ? "" : last.name() + "/LayerNormalization", domain,
                "LayerNormalization", inputs, List.of(m.output()), Map.of(
                "axis", new Attribute("axis", Attribute.Type.INT, (long) -m.k(), null),
                "epsilon", new Attribute("epsilon", Attribute.Type.FLOAT, m.tail().epsilon(), null)));
        for (int n : m.nodes()) ix.remove(n);
        ix.replace(m.last(), fused);
    }
}
