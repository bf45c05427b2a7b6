package dev.jinn.optimizer;

import dev.jinn.MalformedModelException;
import dev.jinn.ir.Attribute;
import dev.jinn.ir.Domains;
import dev.jinn.ir.Function;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands calls to model-local functions (ModelProto.functions) into their bodies, so the planner
 * only sees primitive ops. Each call gets fresh names for the body's internal values; attributes
 * that refer to the caller's ({@code ref_attr_name}) are bound to the call's value or the
 * function's default, and dropped when neither exists (the op's own default then applies).
 * Calls inside bodies and inside subgraphs are expanded too. This runs whether or not the
 * optimizer is on: without it, a function call is an unknown op.
 */
public final class FunctionInliner {
    /** Deeper nesting than this is taken for recursion, which ONNX forbids. */
    private static final int MAX_DEPTH = 32;

    private final Model model;
    private final Set<String> taken = new HashSet<>();

    private FunctionInliner(Model model) {
        this.model = model;
    }

    public static Model inline(Model model) {
        if (model.functions().isEmpty()) return model;
        FunctionInliner in = new FunctionInliner(model);
        in.collectNames(model.graph());
        Graph g = in.graph(model.graph());
        Map<String, Integer> opsets = new LinkedHashMap<>(model.opsets());
        for (Function f : model.functions().values()) f.opsets().forEach(opsets::putIfAbsent);
        return new Model(model.source(), model.irVersion(), opsets, model.producerName(), model.producerVersion(),
                g, model.functions(), model.metadata());
    }

    private void collectNames(Graph g) {
        for (ValueInfo v : g.inputs()) taken.add(v.name());
        taken.addAll(g.initializers().keySet());
        for (Node n : g.nodes()) {
            taken.addAll(n.inputs());
            taken.addAll(n.outputs());
            for (Graph sub : subgraphs(n)) collectNames(sub);
        }
    }

    private Graph graph(Graph g) {
        List<Node> out = new ArrayList<>(g.nodes().size());
        boolean changed = false;
        for (Node n : g.nodes()) {
            Node withSubs = withSubgraphs(n);
            List<Node> expanded = expand(withSubs, 0);
            changed |= withSubs != n || expanded.size() != 1 || expanded.get(0) != n;
            out.addAll(expanded);
        }
        return changed ? g.withNodes(out, g.initializers()) : g;
    }

    private Node withSubgraphs(Node n) {
        Map<String, Attribute> attrs = null;
        for (Attribute a : n.attributes().values()) {
            if (a.value() == null) continue;
            Object value = null;
            if (a.type() == Attribute.Type.GRAPH) {
                Graph g = graph(a.g());
                if (g != a.g()) value = g;
            } else if (a.type() == Attribute.Type.GRAPHS) {
                List<Graph> gs = a.graphs().stream().map(this::graph).toList();
                if (!gs.equals(a.graphs())) value = gs;
            }
            if (value != null) {
                if (attrs == null) attrs = new LinkedHashMap<>(n.attributes());
                attrs.put(a.name(), new Attribute(a.name(), a.type(), value, null));
            }
        }
        return attrs == null ? n : new Node(n.name(), n.domain(), n.opType(), n.inputs(), n.outputs(), attrs);
    }

    /** {@code call} itself when it calls no local function, else its body, recursively expanded. */
    private List<Node> expand(Node call, int depth) {
        Function f = model.functions().get(Domains.canonical(call.domain()) + "::" + call.opType());
        if (f == null) return List.of(call);
        if (depth >= MAX_DEPTH) {
            throw new MalformedModelException("model '" + model.source() + "', " + call.describe() + ": function "
                    + f.key() + " calls functions more than " + MAX_DEPTH + " levels deep (is it recursive?)");
        }
        if (call.inputs().size() > f.inputs().size() || call.outputs().size() > f.outputs().size()) {
            throw new MalformedModelException("model '" + model.source() + "', " + call.describe() + ": function "
                    + f.key() + " takes " + f.inputs().size() + " inputs and " + f.outputs().size()
                    + " outputs, the call has " + call.inputs().size() + " and " + call.outputs().size());
        }
        String prefix = (call.name().isEmpty() ? call.outputs().get(0) : call.name()) + "/";
        Map<String, String> rename = new HashMap<>();
        rename.put("", "");
        for (int i = 0; i < f.inputs().size(); i++) rename.put(f.inputs().get(i), i < call.inputs().size() ? call.inputs().get(i) : "");
        for (int i = 0; i < f.outputs().size(); i++) {
            String actual = i < call.outputs().size() ? call.outputs().get(i) : "";
            if (!actual.isEmpty()) rename.put(f.outputs().get(i), actual);
        }
        List<Node> out = new ArrayList<>();
        for (Node b : f.nodes()) {
            List<String> ins = b.inputs().stream().map(s -> rename.getOrDefault(s, s)).toList();
            List<String> outs = new ArrayList<>();
            for (String o : b.outputs()) {
                if (o.isEmpty()) {
                    outs.add(o);
                    continue;
                }
                String r = rename.get(o);
                if (r == null || r.isEmpty()) {
                    r = fresh(prefix + o);
                    rename.put(o, r);
                }
                outs.add(r);
            }
            Map<String, Attribute> attrs = new LinkedHashMap<>();
            for (Attribute a : b.attributes().values()) {
                Attribute bound = bind(a, call, f, rename);
                if (bound != null) attrs.put(a.name(), bound);
            }
            Node node = new Node(prefix + (b.name().isEmpty() ? b.opType() : b.name()), b.domain(), b.opType(), ins, outs, attrs);
            out.addAll(expand(node, depth + 1));
        }
        return out;
    }

    /** The body attribute with references to the caller's attributes resolved; null when dropped. */
    private Attribute bind(Attribute a, Node call, Function f, Map<String, String> rename) {
        if (a.refAttrName() != null) {
            Attribute v = call.attribute(a.refAttrName());
            if (v == null) v = f.attributeDefaults().get(a.refAttrName());
            return v == null ? null : new Attribute(a.name(), v.type(), v.value(), v.refAttrName());
        }
        if (a.type() == Attribute.Type.GRAPH) return new Attribute(a.name(), a.type(), bindGraph(a.g(), call, f, rename), null);
        if (a.type() == Attribute.Type.GRAPHS) {
            return new Attribute(a.name(), a.type(), a.graphs().stream().map(g -> bindGraph(g, call, f, rename)).toList(), null);
        }
        return a;
    }

    /** A subgraph of a body node: outer names renamed as in the body, caller attributes bound. */
    private Graph bindGraph(Graph g, Node call, Function f, Map<String, String> rename) {
        Set<String> local = new HashSet<>(g.initializers().keySet());
        for (ValueInfo v : g.inputs()) local.add(v.name());
        for (Node n : g.nodes()) local.addAll(n.outputs());
        Map<String, String> outer = new HashMap<>(rename);
        outer.keySet().removeAll(local);
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            Map<String, Attribute> attrs = new LinkedHashMap<>();
            for (Attribute a : n.attributes().values()) {
                Attribute bound = bind(a, call, f, outer);
                if (bound != null) attrs.put(a.name(), bound);
            }
            nodes.add(new Node(n.name(), n.domain(), n.opType(),
                    n.inputs().stream().map(s -> outer.getOrDefault(s, s)).toList(), n.outputs(), attrs));
        }
        List<ValueInfo> outputs = g.outputs().stream()
                .map(v -> new ValueInfo(outer.getOrDefault(v.name(), v.name()), v.type())).toList();
        return new Graph(g.name(), g.inputs(), outputs, g.initializers(), g.valueInfo(), nodes);
    }

    private String fresh(String base) {
        String name = base;
        for (int k = 1; taken.contains(name); k++) name = base + "_" + k;
        taken.add(name);
        return name;
    }

    private static List<Graph> subgraphs(Node n) {
        List<Graph> out = new ArrayList<>();
        for (Attribute a : n.attributes().values()) {
            if (a.value() == null) continue;
            if (a.type() == Attribute.Type.GRAPH) out.add(a.g());
            if (a.type() == Attribute.Type.GRAPHS) out.addAll(a.graphs());
        }
        return out;
    }
}
