package dev.jinn.optimizer;

import dev.jinn.ir.Attribute;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuses the decomposed RMS norm of LLaMA-style exports,
 * <pre>
 *   v = ReduceMean(Pow(x, 2) | Mul(x, x), last k axes)
 *   y = x / Sqrt(v + eps)  |  x * Reciprocal(Sqrt(v + eps));  y = y * gamma
 * </pre>
 * into RMSNormalization(x, gamma, axis=-k, epsilon=eps) (ai.onnx opset 23 semantics). Runs after
 * {@link LayerNormFusion}, which has taken the centred squares of layer norms by then.
 */
final class RmsNormFusion implements Rewrite {
    @Override
    public String name() {
        return "fuse-rms-norm";
    }

    @Override
    public Graph apply(Graph graph, OptimizerContext ctx) {
        GraphIndex ix = new GraphIndex(graph, ctx);
        String domain = null;
        for (int i = 0; i < ix.nodes.size(); i++) {
            Node ms = ix.nodes.get(i);
            if (!GraphIndex.is(ms, "ReduceMean") || ix.touched(i)) continue;
            int sqIdx = ix.producerIndex(ms.inputs().get(0));
            if (sqIdx < 0 || !ix.onlyReader(ms.inputs().get(0), i)) continue;
            Node square = ix.nodes.get(sqIdx);
            String x = square.inputs().isEmpty() ? "" : square.inputs().get(0);
            if (!LayerNormFusion.isSquare(ix, square, x)) continue;
            int k = ix.trailingReduction(ms, ix.rank(x));
            if (k < 0) continue;
            NormTail tail = NormTail.match(ix, i);
            if (tail == null || !tail.numerator().equals(x)) continue;
            NormTail.Param gamma = NormTail.param(ix, tail.scale(), x, k);
            if (gamma == null) continue;
            List<Integer> nodes = new ArrayList<>(List.of(sqIdx, i));
            nodes.addAll(tail.nodes());
            if (nodes.stream().anyMatch(ix::touched)) continue;
            if (domain == null) domain = ctx.fusedDomain("RMSNormalization");
            if (domain == null) return graph;
            Node last = ix.nodes.get(tail.last());
            Node fused = new Node(last.name().isEmpty() ? "" : last.name() + "/RMSNormalization", domain,
                    "RMSNormalization", List.of(x, gamma.commit(ix)), List.of(tail.output()), Map.of(
                    "axis", new Attribute("axis", Attribute.Type.INT, (long) -k, null),
                    "epsilon", new Attribute("epsilon", Attribute.Type.FLOAT, tail.epsilon(), null)));
            for (int n : nodes) ix.remove(n);
            ix.replace(tail.last(), fused);
        }
        return ix.rewrite();
    }
}
