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
 * inputs stay, since a caller may feed them.
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
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.outputs().stream().noneMatch(live::contains)) continue;
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
        if (kept.size() == nodes.size() && inits.size() == graph.initializers().size()) return graph;
        return graph.withNodes(kept, inits);
    }
}
