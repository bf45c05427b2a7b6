package dev.jinn.optimizer;

import dev.jinn.ir.Attribute;
import dev.jinn.ir.Checker;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops nodes none of whose outputs is read (ONNX ops have no side effects), then initializers that
 * nothing reads any more: what fusion and folding leave behind. Initializers that are also graph
 * inputs stay, since a caller may feed them. An optional output that nothing reads is left unnamed,
 * so the op does not compute it (an inference Dropout's mask is as large as its input).
 */
final class DeadCodeElimination implements Rewrite {
    @Override
    public String name() {
        return "eliminate-dead-code";
    }

    @Override
    public Graph apply(Graph graph, OptimizerContext ctx) {
        Set<String> live = new HashSet<>();
        for (ValueInfo v : graph.outputs()) live.add(v.name());
        List<Node> nodes = graph.nodes();
        List<Node> kept = new ArrayList<>(nodes.size());
        boolean trimmed = false;
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.outputs().stream().noneMatch(live::contains)) continue;
            Node t = withoutUnreadOutputs(n, live);
            trimmed |= t != n;
            n = t;
            kept.add(n);
            for (String in : n.inputs()) if (!in.isEmpty()) live.add(in);
            for (Attribute a : n.attributes().values()) {
                if (a.value() == null) continue;
                if (a.type() == Attribute.Type.GRAPH) live.addAll(Checker.freeNames(a.g()));
                if (a.type() == Attribute.Type.GRAPHS) for (Graph g : a.graphs()) live.addAll(Checker.freeNames(g));
            }
        }
        Collections.reverse(kept);
        Set<String> inputs = new HashSet<>();
        for (ValueInfo v : graph.inputs()) inputs.add(v.name());
        Map<String, Tensor> inits = new LinkedHashMap<>();
        graph.initializers().forEach((name, t) -> {
            if (live.contains(name) || inputs.contains(name)) inits.put(name, t);
        });
        if (!trimmed && kept.size() == nodes.size() && inits.size() == graph.initializers().size()) return graph;
        return graph.withNodes(kept, inits);
    }

    /**
     * Outputs that an op computes only when they are named, by the position they start at: ONNX's
     * optional outputs whose absence changes nothing else (unlike Split's, whose count is its number
     * of pieces, or BatchNormalization's before version 14, whose count chose training).
     */
    private static final Map<String, Integer> OPTIONAL_FROM = Map.of("Dropout", 1, "MaxPool", 1, "LayerNormalization", 1);

    private static Node withoutUnreadOutputs(Node n, Set<String> live) {
        Integer from = n.domain().isEmpty() ? OPTIONAL_FROM.get(n.opType()) : null;
        if (from == null) return n;
        List<String> outs = new ArrayList<>(n.outputs());
        boolean changed = false;
        for (int k = from; k < outs.size(); k++) {
            if (!outs.get(k).isEmpty() && !live.contains(outs.get(k))) {
                outs.set(k, "");
                changed = true;
            }
        }
        while (outs.size() > from && outs.get(outs.size() - 1).isEmpty()) outs.remove(outs.size() - 1);
        return changed ? new Node(n.name(), n.domain(), n.opType(), n.inputs(), outs, n.attributes()) : n;
    }
}
