package dev.jinn.optimizer;

import dev.jinn.ir.Attribute;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges nodes that compute the same thing: same op, same attributes, same inputs (after earlier
 * merges). Small constants equal in dtype, shape and contents count as the same input. Exporters
 * repeat shape arithmetic per attention layer (Shape of the same tensor taken twice, one Constant
 * per index), which this folds into one chain each. Random ops, nodes with subgraphs and nodes
 * whose outputs are graph outputs or read by subgraphs are kept as they are.
 */
final class CommonSubexpressions implements Rewrite {
    /** Constants up to this many elements are compared by value. */
    private static final int SMALL = 64;

    @Override
    public String name() {
        return "merge-common-subexpressions";
    }

    @Override
    public Graph apply(Graph graph, OptimizerContext ctx) {
        GraphIndex ix = new GraphIndex(graph, ctx);
        Map<String, String> rename = new HashMap<>();
        Map<String, String> byValue = new HashMap<>();
        for (String name : graph.initializers().keySet()) {
            Tensor t = ix.constant(name);
            if (t == null || t.size() > SMALL || ix.pinned(name)) continue;
            String first = byValue.putIfAbsent(valueKey(t), name);
            if (first != null) rename.put(name, first);
        }
        Set<String> outputs = new HashSet<>();
        for (ValueInfo v : graph.outputs()) outputs.add(v.name());
        Map<String, Node> seen = new HashMap<>();
        List<Node> kept = new ArrayList<>(graph.nodes().size());
        boolean changed = false;
        for (Node n : graph.nodes()) {
            List<String> ins = n.inputs().stream().map(s -> rename.getOrDefault(s, s)).toList();
            Node r = ins.equals(n.inputs()) ? n : new Node(n.name(), n.domain(), n.opType(), ins, n.outputs(), n.attributes());
            changed |= r != n;
            String key = key(r);
            boolean mergeable = key != null && r.outputs().stream().noneMatch(o -> outputs.contains(o) || ix.pinned(o));
            Node first = mergeable ? seen.putIfAbsent(key, r) : null;
            if (first == null) {
                kept.add(r);
                continue;
            }
            for (int i = 0; i < r.outputs().size(); i++) {
                if (!r.outputs().get(i).isEmpty()) rename.put(r.outputs().get(i), first.outputs().get(i));
            }
            changed = true;
        }
        if (!changed) return graph;
        return graph.withNodes(kept, new LinkedHashMap<>(graph.initializers()));
    }

    /** What makes two nodes interchangeable; null for nodes never merged. */
    private static String key(Node n) {
        if (ConstantFolding.NONDETERMINISTIC.contains(n.opType()) || n.outputs().stream().anyMatch(String::isEmpty)) return null;
        StringBuilder sb = new StringBuilder(n.domain()).append('|').append(n.opType()).append('|').append(n.inputs())
                .append('|').append(n.outputs().size());
        for (Attribute a : new TreeMap<>(n.attributes()).values()) {
            if (a.value() == null) return null;
            String v = switch (a.type()) {
                case FLOAT, INT, STRING -> String.valueOf(a.value());
                case FLOATS -> Arrays.toString((float[]) a.value());
                case INTS -> Arrays.toString((long[]) a.value());
                case STRINGS -> a.strings().toString();
                case TENSOR -> a.t().size() <= SMALL ? valueKey(a.t()) : null;
                default -> null;
            };
            if (v == null) return null;
            sb.append('|').append(a.name()).append('=').append(a.type()).append(':').append(v);
        }
        return sb.toString();
    }

    /** dtype, shape and contents (bit patterns for floats, so NaNs and -0 stay apart). */
    private static String valueKey(Tensor t) {
        StringBuilder sb = new StringBuilder(t.dtype().toString()).append(Arrays.toString(t.shape()));
        Object a = t.array();
        switch (a) {
            case float[] f -> {
                for (float x : f) sb.append(',').append(Float.floatToRawIntBits(x));
            }
            case double[] d -> {
                for (double x : d) sb.append(',').append(Double.doubleToRawLongBits(x));
            }
            case byte[] b -> sb.append(Arrays.toString(b));
            case short[] s -> sb.append(Arrays.toString(s));
            case int[] i -> sb.append(Arrays.toString(i));
            case long[] l -> sb.append(Arrays.toString(l));
            case String[] s -> {
                for (String x : s) sb.append(',').append(x.length()).append(':').append(x);
            }
            default -> throw new IllegalStateException("unknown tensor storage " + a.getClass());
        }
        return sb.toString();
    }
}
