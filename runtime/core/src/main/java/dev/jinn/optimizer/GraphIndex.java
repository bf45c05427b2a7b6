package dev.jinn.optimizer;

import dev.jinn.ir.Attribute;
import dev.jinn.ir.Checker;
import dev.jinn.ir.Dim;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import dev.jinn.ir.ValueType;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A read-only index of one graph for pattern matching: who produces and who reads each value,
 * which values are constants, and the graph inputs' declared shapes. Edits are collected and
 * applied in one go by {@link #rewrite}, so indices stay valid while a rewrite scans the graph.
 */
final class GraphIndex {
    final Graph graph;
    final List<Node> nodes;
    private final Map<String, Integer> producer = new HashMap<>();
    private final Map<String, List<Integer>> readers = new HashMap<>();
    /** Values read other than as a node input: graph outputs, and names that subgraphs capture. */
    private final Set<String> pinned = new HashSet<>();
    private final Set<String> inputNames = new HashSet<>();
    private final Map<String, List<Dim>> declared = new HashMap<>();

    private final Map<Integer, Node> replaced = new TreeMap<>();
    private final Set<Integer> removed = new HashSet<>();
    private final Map<String, Tensor> added = new LinkedHashMap<>();

    /** The model's ai.onnx opset: ReduceMean takes its axes from an attribute before 18, from an input since. */
    private final int onnxOpset;

    GraphIndex(Graph graph, OptimizerContext ctx) {
        this.graph = graph;
        this.onnxOpset = ctx.opset("");
        this.nodes = graph.nodes();
        for (ValueInfo v : graph.inputs()) inputNames.add(v.name());
        for (ValueInfo v : graph.outputs()) pinned.add(v.name());
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            for (String out : n.outputs()) if (!out.isEmpty()) producer.put(out, i);
            for (String in : n.inputs()) {
                if (in.isEmpty()) continue;
                List<Integer> r = readers.computeIfAbsent(in, k -> new ArrayList<>());
                if (r.isEmpty() || r.get(r.size() - 1) != i) r.add(i);
            }
            for (Attribute a : n.attributes().values()) {
                if (a.value() == null) continue;
                if (a.type() == Attribute.Type.GRAPH) pinned.addAll(Checker.freeNames(a.g()));
                if (a.type() == Attribute.Type.GRAPHS) for (Graph g : a.graphs()) pinned.addAll(Checker.freeNames(g));
            }
        }
        // Only graph inputs: a session checks fed values against their declared dims, while
        // value_info and output declarations are hints that exporters sometimes leave stale.
        for (ValueInfo v : graph.inputs()) declare(v);
    }

    private void declare(ValueInfo v) {
        if (v.type() instanceof ValueType.TensorType tt && tt.shape() != null) declared.putIfAbsent(v.name(), tt.shape());
    }

    /** The node producing {@code value}, or null for inputs, initializers and unknown names. */
    Node producer(String value) {
        Integer i = producer.get(value);
        return i == null ? null : nodes.get(i);
    }

    int producerIndex(String value) {
        return producer.getOrDefault(value, -1);
    }

    /** Indices of the nodes reading {@code value} (each once). */
    List<Integer> readers(String value) {
        return readers.getOrDefault(value, List.of());
    }

    /** True when {@code value} is read only by nodes, and only by the one at {@code node}. */
    boolean onlyReader(String value, int node) {
        List<Integer> r = readers(value);
        return !pinned.contains(value) && r.size() == 1 && r.get(0) == node;
    }

    /** The single node reading {@code value} (index), or -1 when it has other uses. */
    int soleReader(String value) {
        List<Integer> r = readers(value);
        return !pinned.contains(value) && r.size() == 1 ? r.get(0) : -1;
    }

    boolean pinned(String value) {
        return pinned.contains(value);
    }

    /** The value of a constant: an initializer that no graph input can override. */
    Tensor constant(String value) {
        if (value.isEmpty() || inputNames.contains(value)) return null;
        return graph.initializers().get(value);
    }

    /** A one-element floating constant as a double, or NaN when {@code value} is not one. */
    double scalar(String value) {
        Tensor t = constant(value);
        if (t == null || t.size() != 1 || !t.dtype().isFloatingPoint()) return Double.NaN;
        return t.getDouble(0);
    }

    /** The dims of a constant, or those declared for a graph input; null otherwise. */
    List<Dim> dims(String value) {
        Tensor t = constant(value);
        if (t != null) {
            List<Dim> d = new ArrayList<>();
            for (int s : t.shape()) d.add(Dim.of(s));
            return d;
        }
        return declared.get(value);
    }

    int rank(String value) {
        List<Dim> d = dims(value);
        return d == null ? -1 : d.size();
    }

    /** The graph's value names, for making fresh ones. */
    Set<String> names() {
        Set<String> s = new HashSet<>(producer.keySet());
        s.addAll(graph.initializers().keySet());
        s.addAll(inputNames);
        s.addAll(readers.keySet());
        s.addAll(added.keySet());
        return s;
    }

    String freshName(String base) {
        Set<String> taken = names();
        String name = base;
        for (int k = 1; taken.contains(name); k++) name = base + "_" + k;
        return name;
    }

    boolean touched(int node) {
        return removed.contains(node) || replaced.containsKey(node);
    }

    void remove(int node) {
        removed.add(node);
    }

    void replace(int node, Node with) {
        replaced.put(node, with);
    }

    void addInitializer(String name, Tensor value) {
        added.put(name, value);
    }

    boolean changed() {
        return !removed.isEmpty() || !replaced.isEmpty() || !added.isEmpty();
    }

    /** The graph with the collected edits; the graph itself when there are none. */
    Graph rewrite() {
        if (!changed()) return graph;
        List<Node> out = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            Node r = replaced.get(i);
            if (r != null) out.add(r);
            else if (!removed.contains(i)) out.add(nodes.get(i));
        }
        Map<String, Tensor> inits = new LinkedHashMap<>(graph.initializers());
        inits.putAll(added);
        return graph.withNodes(out, inits);
    }

    /** Reduction axes of a ReduceMean (attribute before opset 18, input since); null if not given or not constant. */
    long[] reduceAxes(Node reduce) {
        if (onnxOpset < 18) {
            Attribute a = reduce.attribute("axes");
            return a == null || a.value() == null ? null : a.ints();
        }
        if (reduce.inputs().size() < 2 || reduce.inputs().get(1).isEmpty()) return null;
        Tensor t = constant(reduce.inputs().get(1));
        return t == null ? null : t.toLongArray();
    }

    /**
     * How many trailing dims a ReduceMean with keepdims=1 reduces, when its axes are exactly the last
     * k dims of its input; -1 otherwise. Negative axes need no rank; positive ones need the input's,
     * declared or {@code rankHint} (-1 when unknown) for a value known to have another's rank.
     */
    int trailingReduction(Node reduce, int rankHint) {
        Attribute keep = reduce.attribute("keepdims");
        if (keep != null && (keep.value() == null || keep.i() != 1)) return -1;
        long[] axes = reduceAxes(reduce);
        if (axes == null || axes.length == 0) return -1;
        int rank = rank(reduce.inputs().get(0));
        if (rank < 0) rank = rankHint;
        long[] norm = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] >= 0) {
                if (rank < 0) return -1;
                norm[i] = axes[i] - rank;
            } else {
                norm[i] = axes[i];
            }
        }
        java.util.Arrays.sort(norm);
        int k = norm.length;
        for (int i = 0; i < k; i++) if (norm[i] != i - k) return -1;
        if (rank >= 0 && k > rank) return -1;
        return k;
    }

    /** The input of {@code n} other than {@code known} for a two-input node, or null if {@code known} is not one of them. */
    static String other(Node n, String known) {
        if (n.inputs().size() != 2) return null;
        if (n.inputs().get(0).equals(known)) return n.inputs().get(1);
        if (n.inputs().get(1).equals(known)) return n.inputs().get(0);
        return null;
    }

    /** Whether a constant read from a model is {@code want}, within float rounding (exactly, for 0). */
    static boolean near(double v, double want) {
        return Math.abs(v - want) <= 1e-4 * Math.abs(want);
    }

    /** A FLOAT attribute of {@code n}, or {@code dflt} where it is absent. */
    static float floatAttr(Node n, String attr, float dflt) {
        Attribute a = n.attribute(attr);
        return a == null ? dflt : a.f();
    }

    static boolean is(Node n, String opType) {
        return n != null && n.domain().isEmpty() && n.opType().equals(opType);
    }
}
