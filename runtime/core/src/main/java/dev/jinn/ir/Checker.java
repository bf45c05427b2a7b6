package dev.jinn.ir;

import dev.jinn.MalformedModelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The load-time checker. It collects every problem in the model before it throws, so that a user
 * fixes them in one pass. It also returns the graph in topological order: ONNX requires that order,
 * but exporters get it wrong often enough that a sortable graph is sorted rather than refused.
 */
public final class Checker {
    private final String source;
    private final Map<String, Integer> opsets;
    private final List<String> problems = new ArrayList<>();

    private Checker(String source, Map<String, Integer> opsets) {
        this.source = source;
        this.opsets = opsets;
    }

    public static Model check(Model model) {
        Checker c = new Checker(model.source(), model.opsets());
        c.checkOpsets();
        Graph graph = c.graph(model.graph(), Set.of(), "graph '" + model.graph().name() + "'");
        for (Function f : model.functions().values()) {
            Set<String> defined = new HashSet<>(f.inputs());
            for (Node n : f.nodes()) defined.addAll(n.outputs());
            for (Node n : f.nodes()) {
                for (String in : n.inputs()) {
                    if (!in.isEmpty() && !defined.contains(in)) {
                        c.problems.add("function " + f.key() + ", " + n.describe() + ": input '" + in + "' is not defined");
                    }
                }
            }
        }
        if (!c.problems.isEmpty()) throw new MalformedModelException(format(model.source(), c.problems));
        return graph == model.graph() ? model : model.withGraph(graph);
    }

    public static String format(String source, List<String> problems) {
        if (problems.size() == 1) return "model '" + source + "': " + problems.get(0);
        StringBuilder sb = new StringBuilder("model '" + source + "': " + problems.size() + " problems:");
        for (String p : problems) sb.append("\n  - ").append(p);
        return sb.toString();
    }

    private void checkOpsets() {
        for (Map.Entry<String, Integer> e : opsets.entrySet()) {
            Integer newest = Domains.NEWEST.get(e.getKey());
            if (newest != null && e.getValue() > newest) {
                problems.add("imports " + Domains.label(e.getKey()) + " version " + e.getValue()
                        + ", but the newest version Jinn knows is " + newest);
            }
        }
    }

    /** Checks one graph whose nodes may also read {@code outer} names; returns it sorted. */
    private Graph graph(Graph g, Set<String> outer, String where) {
        Set<String> defined = new HashSet<>(outer);
        Set<String> seen = new HashSet<>();
        for (ValueInfo in : g.inputs()) {
            if (!seen.add(in.name())) problems.add(where + ": input '" + in.name() + "' is declared twice");
            defined.add(in.name());
        }
        defined.addAll(g.initializers().keySet());

        Map<String, Integer> producer = new HashMap<>();
        List<Node> nodes = new ArrayList<>(g.nodes());
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (!opsets.containsKey(n.domain())) {
                problems.add(where + ", " + n.describe() + ": domain '" + Domains.label(n.domain()) + "' is not imported by the model");
            }
            for (String out : n.outputs()) {
                if (out.isEmpty()) continue;
                Integer before = producer.put(out, i);
                if (before != null) {
                    problems.add(where + ": value '" + out + "' is produced twice, by " + nodes.get(before).describe()
                            + " and by " + n.describe());
                } else if (g.initializers().containsKey(out) || seen.contains(out)) {
                    problems.add(where + ", " + n.describe() + ": output '" + out + "' redefines a graph input or initializer");
                }
            }
        }

        Set<String> visible = new HashSet<>(defined);
        visible.addAll(producer.keySet());
        // Subgraphs see everything this graph defines; check them first so their free names are known.
        List<Node> checked = new ArrayList<>(nodes.size());
        List<Set<String>> deps = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            Map<String, Attribute> attrs = null;
            Set<String> reads = new LinkedHashSet<>();
            for (String in : n.inputs()) if (!in.isEmpty()) reads.add(in);
            for (Attribute a : n.attributes().values()) {
                if (a.refAttrName() != null) {
                    // Such an attribute has no value of its own; only a function call can supply one.
                    problems.add(where + ", " + n.describe() + ": attribute '" + a.name() + "' refers to attribute '"
                            + a.refAttrName() + "' of a calling function, but the node is not in a function");
                    continue;
                }
                List<Graph> subs = a.type() == Attribute.Type.GRAPH ? List.of(a.g())
                        : a.type() == Attribute.Type.GRAPHS ? a.graphs() : List.of();
                if (subs.isEmpty()) continue;
                List<Graph> sorted = new ArrayList<>();
                for (Graph sub : subs) {
                    Graph s = graph(sub, visible, where + ", " + n.describe() + ", attribute '" + a.name() + "'");
                    sorted.add(s);
                    reads.addAll(freeNames(s));
                }
                if (!sorted.equals(subs)) {
                    if (attrs == null) attrs = new LinkedHashMap<>(n.attributes());
                    attrs.put(a.name(), new Attribute(a.name(), a.type(),
                            a.type() == Attribute.Type.GRAPH ? sorted.get(0) : List.copyOf(sorted), null));
                }
            }
            for (String r : reads) {
                if (!defined.contains(r) && !producer.containsKey(r)) {
                    problems.add(where + ", " + n.describe() + ": input '" + r
                            + "' is not a graph input, an initializer, or the output of any node");
                }
            }
            checked.add(attrs == null ? n : new Node(n.name(), n.domain(), n.opType(), n.inputs(), n.outputs(), attrs));
            deps.add(reads);
        }
        for (ValueInfo out : g.outputs()) {
            if (!defined.contains(out.name()) && !producer.containsKey(out.name())) {
                problems.add(where + ": output '" + out.name() + "' is not produced by any node");
            }
        }
        List<Node> order = topoSort(checked, deps, producer, where);
        boolean same = order.size() == nodes.size();
        for (int i = 0; same && i < order.size(); i++) same = order.get(i) == nodes.get(i);
        return same ? g : g.withNodes(order, g.initializers());
    }

    private List<Node> topoSort(List<Node> nodes, List<Set<String>> deps, Map<String, Integer> producer, String where) {
        int n = nodes.size();
        int[] pending = new int[n];
        List<List<Integer>> users = new ArrayList<>(n);
        for (int i = 0; i < n; i++) users.add(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            Set<Integer> from = new HashSet<>();
            for (String r : deps.get(i)) {
                Integer p = producer.get(r);
                if (p != null && from.add(p)) {
                    users.get(p).add(i);
                    pending[i]++;
                }
            }
        }
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) if (pending[i] == 0) ready.add(i);
        List<Node> order = new ArrayList<>(n);
        // Kahn's algorithm, taking the lowest index first keeps a sorted graph exactly as it was.
        java.util.PriorityQueue<Integer> queue = new java.util.PriorityQueue<>(ready);
        while (!queue.isEmpty()) {
            int i = queue.poll();
            order.add(nodes.get(i));
            for (int u : users.get(i)) if (--pending[u] == 0) queue.add(u);
        }
        if (order.size() < n) {
            List<String> cycle = new ArrayList<>();
            for (int i : findCycle(deps, producer, pending)) cycle.add(nodes.get(i).describe());
            problems.add(where + ": the nodes form a cycle: " + String.join(" -> ", cycle)
                    + " (" + (n - order.size()) + " nodes cannot be ordered)");
            return nodes;
        }
        return order;
    }

    /**
     * One cycle among the nodes Kahn's algorithm could not order, in data-flow order and closed (the
     * first node repeated at the end). Every such node waits on another such node, so walking from
     * any of them to a waiting producer must come back to a node already seen.
     */
    private static List<Integer> findCycle(List<Set<String>> deps, Map<String, Integer> producer, int[] pending) {
        int start = 0;
        while (pending[start] == 0) start++;
        List<Integer> path = new ArrayList<>();
        Map<Integer, Integer> at = new HashMap<>();
        int i = start;
        while (!at.containsKey(i)) {
            at.put(i, path.size());
            path.add(i);
            int next = -1;
            for (String r : deps.get(i)) {
                Integer p = producer.get(r);
                if (p != null && pending[p] > 0) {
                    next = p;
                    break;
                }
            }
            i = next;
        }
        List<Integer> cycle = new ArrayList<>(path.subList(at.get(i), path.size()));
        java.util.Collections.reverse(cycle);
        cycle.add(cycle.get(0));
        return cycle;
    }

    /** Names a (checked) graph reads from its enclosing scopes. */
    public static Set<String> freeNames(Graph g) {
        Set<String> local = new HashSet<>(g.initializers().keySet());
        for (ValueInfo in : g.inputs()) local.add(in.name());
        for (Node n : g.nodes()) local.addAll(n.outputs());
        Set<String> free = new LinkedHashSet<>();
        for (Node n : g.nodes()) {
            for (String in : n.inputs()) if (!in.isEmpty() && !local.contains(in)) free.add(in);
            for (Attribute a : n.attributes().values()) {
                if (a.value() == null) continue;
                List<Graph> subs = a.type() == Attribute.Type.GRAPH ? List.of(a.g())
                        : a.type() == Attribute.Type.GRAPHS ? a.graphs() : List.of();
                for (Graph s : subs) for (String f : freeNames(s)) if (!local.contains(f)) free.add(f);
            }
        }
        for (ValueInfo out : g.outputs()) if (!local.contains(out.name())) free.add(out.name());
        return free;
    }
}
