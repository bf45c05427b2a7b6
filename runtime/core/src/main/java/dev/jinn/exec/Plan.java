package dev.jinn.exec;

import dev.jinn.MalformedModelException;
import dev.jinn.UnsupportedOperatorException;
import dev.jinn.ir.Attribute;
import dev.jinn.ir.Checker;
import dev.jinn.ir.Dim;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import dev.jinn.ir.ValueType;
import dev.jinn.ops.InPlace;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.providers.Provider;
import dev.jinn.providers.Subgraph;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * A graph compiled to a flat list of steps over numbered value slots. Initializers sit in the slot
 * template; each run copies the template, so concurrent runs share nothing mutable. A slot is
 * cleared after its last reader, which releases intermediates as early as possible.
 */
final class Plan implements NodeContext.GraphRunner {
    /** {@code kind}: the op type, or the provider's subgraph, for profiles. */
    private record Step(Op op, int[] in, int[] out, int[] free, String where, String kind) {}

    private final List<Step> steps;
    private final Tensor[] template;
    private final int[] inputSlots;
    private final int[] outputSlots;
    private final Map<String, Integer> outerSlots;
    private final List<String> outputNames;
    private final List<Placement> placements;
    private final List<AutoCloseable> resources = new ArrayList<>();
    /** The value each slot holds, by name, for the memory plan's report. */
    private final String[] slotNames;
    private final String source;

    private Plan(List<Step> steps, Tensor[] template, int[] inputSlots, int[] outputSlots,
                 Map<String, Integer> outerSlots, List<String> outputNames, List<Placement> placements, String[] slotNames,
                 String source) {
        this.slotNames = slotNames;
        this.source = source;
        this.placements = List.copyOf(placements);
        this.steps = steps;
        this.template = template;
        this.inputSlots = inputSlots;
        this.outputSlots = outputSlots;
        this.outerSlots = outerSlots;
        this.outputNames = outputNames;
    }

    /** Compiles {@code graph}; names it reads from enclosing graphs become outer slots. */
    static Plan compile(Model model, Graph graph, List<Provider> providers) {
        Build b = new Build(model, providers);
        try {
            Plan p = b.compile(graph, true);
            if (!b.missing.isEmpty()) throw new UnsupportedOperatorException(model.source(), merge(b.missing));
            p.resources.addAll(b.resources);
            return p;
        } catch (RuntimeException | Error e) {
            closeAll(b.resources, e);
            throw e;
        }
    }

    /** State shared by a graph and the subgraphs compiled inside it. */
    private static final class Build {
        final Model model;
        final List<Provider> providers;
        final List<UnsupportedOperatorException.Missing> missing = new ArrayList<>();
        final List<AutoCloseable> resources = new ArrayList<>();
        int runs;

        Build(Model model, List<Provider> providers) {
            this.model = model;
            this.providers = providers;
        }

        Plan compile(Graph graph, boolean main) {
            Map<String, Integer> slots = new LinkedHashMap<>();
            List<Tensor> constants = new ArrayList<>();
            java.util.function.ToIntFunction<String> slot = name -> slots.computeIfAbsent(name, k -> {
                constants.add(null);
                return constants.size() - 1;
            });
            graph.initializers().forEach((name, t) -> constants.set(slot.applyAsInt(name), t));
            int[] inputSlots = graph.inputs().stream().mapToInt(v -> slot.applyAsInt(v.name())).toArray();
            Map<String, Integer> outer = new LinkedHashMap<>();
            for (String name : Checker.freeNames(graph)) outer.put(name, slot.applyAsInt(name));

            List<Node> nodes = graph.nodes();
            int n = nodes.size();
            Op[] ops = new Op[n];
            int[] owner = new int[n];
            NodeContext.SubgraphCompiler sub = (g, where) -> compile(g, false);
            // An initializer that is also a graph input is only a default: the caller may replace it.
            Map<String, Tensor> fixed = new HashMap<>(graph.initializers());
            graph.inputs().forEach(v -> fixed.remove(v.name()));
            Function<String, Tensor> fixedValue = fixed::get;
            for (int i = 0; i < n; i++) {
                Node node = nodes.get(i);
                int opset = model.opset(node.domain());
                Provider.Compiled first = null;
                owner[i] = -1;
                for (int k = 0; k < providers.size() && owner[i] < 0; k++) {
                    Provider p = providers.get(k);
                    if (p.takes(node, opset)) {
                        owner[i] = k;
                        break;
                    }
                    Provider.Compiled c;
                    try {
                        c = p.compile(model.source(), node, opset, sub, fixedValue);
                    } catch (OutOfMemoryError e) {
                        // Building an op packs its constant weights: the first copy a small heap may not hold.
                        throw new dev.jinn.ResourceLimitException("model '" + model.source() + "', " + node.describe()
                                + ": out of memory preparing its weights; the JVM heap is limited to "
                                + Runtime.getRuntime().maxMemory() + " bytes (-Xmx)");
                    }
                    if (c.ok()) {
                        ops[i] = c.op();
                        if (c.op() instanceof AutoCloseable r) resources.add(r);
                        owner[i] = k;
                    } else if (first == null) {
                        first = c;
                    }
                }
                if (owner[i] < 0) {
                    missing.add(new UnsupportedOperatorException.Missing(node.domain(), node.opType(),
                            first == null ? opset : first.version(), List.of(node.label()), first == null ? null : first.reason()));
                }
            }
            List<List<String>> reads = new ArrayList<>(n);
            for (Node node : nodes) reads.add(reads(node));
            Map<String, List<Integer>> readers = new HashMap<>();
            for (int i = 0; i < n; i++) for (String r : reads.get(i)) readers.computeIfAbsent(r, k -> new ArrayList<>()).add(i);
            boolean anyRuns = false;
            for (int i = 0; i < n; i++) anyRuns |= owner[i] >= 0 && ops[i] == null;
            List<Integer> order = new ArrayList<>(n);
            if (anyRuns && missing.isEmpty()) {
                giveConstantsToRuns(nodes, ops, owner, readers);
                order = affinityOrder(nodes, owner, ops, reads);
            } else {
                for (int i = 0; i < n; i++) order.add(i);
            }

            Set<String> graphOutputs = new HashSet<>();
            for (ValueInfo v : graph.outputs()) graphOutputs.add(v.name());
            Map<String, ValueInfo> declared = declaredTypes(graph);
            Set<String> graphInputs = new HashSet<>(graph.inputs().stream().map(ValueInfo::name).toList());
            List<Step> steps = new ArrayList<>();
            List<Placement> placements = new ArrayList<>();
            for (int at = 0; at < order.size(); ) {
                int i = order.get(at);
                Node node = nodes.get(i);
                if (owner[i] < 0) {
                    at++;
                    continue;
                }
                if (ops[i] != null) {
                    int[] in = java.util.stream.Stream.concat(node.inputs().stream(), NodeContext.implicitInputs(node).stream())
                            .mapToInt(s -> s.isEmpty() ? -1 : slot.applyAsInt(s)).toArray();
                    int[] out = node.outputs().stream().mapToInt(s -> s.isEmpty() ? -1 : slot.applyAsInt(s)).toArray();
                    String kind = node.domain().isEmpty() || node.domain().equals("ai.onnx") ? node.opType() : node.domain() + "::" + node.opType();
                    steps.add(new Step(ops[i], in, out, null, node.describe(), kind));
                    placements.add(new Placement(node, providers.get(owner[i]).name(), -1));
                    at++;
                    continue;
                }
                int end = at;
                while (end < order.size() && owner[order.get(end)] == owner[i] && ops[order.get(end)] == null) end++;
                List<Integer> members = order.subList(at, end);
                if (!missing.isEmpty()) {
                    at = end; // the session will not be made, so compiling runs would be wasted
                    continue;
                }
                Subgraph run = subgraph(graph, nodes, members, reads, readers, graphOutputs, graphInputs, declared);
                Provider p = providers.get(owner[i]);
                Op op = p.compileRun(run);
                if (op instanceof AutoCloseable c) resources.add(c);
                int[] in = run.inputs().stream().mapToInt(v -> slot.applyAsInt(v.name())).toArray();
                int[] out = run.outputs().stream().mapToInt(v -> slot.applyAsInt(v.name())).toArray();
                steps.add(new Step(op, in, out, null, p.name() + " subgraph " + run.index() + " (" + members.size()
                        + " nodes, from " + nodes.get(members.get(0)).describe() + ")", p.name() + " subgraph"));
                for (int m : members) placements.add(new Placement(nodes.get(m), p.name(), run.index()));
                at = end;
            }
            int[] outputSlots = graph.outputs().stream().mapToInt(v -> slot.applyAsInt(v.name())).toArray();
            return new Plan(withFrees(steps, slots.size(), constants, outputSlots, outer.values()),
                    constants.toArray(new Tensor[0]), inputSlots, outputSlots, outer,
                    graph.outputs().stream().map(ValueInfo::name).toList(), main ? placements : List.of(),
                    slots.keySet().toArray(new String[0]), model.source());
        }

        /**
         * A node without inputs (Constant) whose readers all sit in runs of one provider goes into
         * those runs, so that the run sees the value as a constant rather than as an input.
         */
        private void giveConstantsToRuns(List<Node> nodes, Op[] ops, int[] owner, Map<String, List<Integer>> readers) {
            for (int i = 0; i < nodes.size(); i++) {
                Node node = nodes.get(i);
                if (ops[i] == null || !node.inputs().isEmpty() || !reads(node).isEmpty()) continue;
                int target = -1;
                boolean ok = true;
                for (String o : node.outputs()) {
                    for (int r : readers.getOrDefault(o, List.of())) {
                        boolean inRun = owner[r] >= 0 && ops[r] == null;
                        if (!inRun || (target >= 0 && target != owner[r])) ok = false;
                        target = owner[r];
                    }
                }
                if (ok && target >= 0 && providers.get(target).takes(node, model.opset(node.domain()))) {
                    ops[i] = null;
                    owner[i] = target;
                }
            }
        }

        /**
         * A topological order that keeps nodes of the same provider together where dependencies
         * allow (among the ready nodes, one of the provider just used wins; ties go to model order),
         * so that the runs handed to a provider are as few and as long as possible.
         */
        private static List<Integer> affinityOrder(List<Node> nodes, int[] owner, Op[] ops, List<List<String>> reads) {
            int n = nodes.size();
            Map<String, Integer> producer = new HashMap<>();
            for (int i = 0; i < n; i++) for (String o : nodes.get(i).outputs()) if (!o.isEmpty()) producer.put(o, i);
            int[] pending = new int[n];
            List<List<Integer>> next = new ArrayList<>(n);
            for (int i = 0; i < n; i++) next.add(new ArrayList<>());
            for (int i = 0; i < n; i++) {
                for (String r : new LinkedHashSet<>(reads.get(i))) {
                    Integer p = producer.get(r);
                    if (p != null && p != i) {
                        pending[i]++;
                        next.get(p).add(i);
                    }
                }
            }
            IntUnaryOperator group = i -> ops[i] != null ? -1 : owner[i];
            TreeSet<Integer> ready = new TreeSet<>();
            Map<Integer, TreeSet<Integer>> readyBy = new HashMap<>();
            for (int i = 0; i < n; i++) {
                if (pending[i] == 0) {
                    ready.add(i);
                    readyBy.computeIfAbsent(group.applyAsInt(i), k -> new TreeSet<>()).add(i);
                }
            }
            List<Integer> order = new ArrayList<>(n);
            int last = Integer.MIN_VALUE;
            while (!ready.isEmpty()) {
                TreeSet<Integer> same = readyBy.get(last);
                int i = same != null && !same.isEmpty() ? same.first() : ready.first();
                ready.remove(i);
                readyBy.get(group.applyAsInt(i)).remove(i);
                last = group.applyAsInt(i);
                order.add(i);
                for (int j : next.get(i)) {
                    if (--pending[j] == 0) {
                        ready.add(j);
                        readyBy.computeIfAbsent(group.applyAsInt(j), k -> new TreeSet<>()).add(j);
                    }
                }
            }
            return order;
        }

        private Subgraph subgraph(Graph graph, List<Node> nodes, List<Integer> members, List<List<String>> reads,
                                  Map<String, List<Integer>> readers, Set<String> graphOutputs, Set<String> graphInputs,
                                  Map<String, ValueInfo> declared) {
            Set<Integer> inRun = new HashSet<>(members);
            Set<String> produced = new HashSet<>();
            for (int m : members) for (String o : nodes.get(m).outputs()) if (!o.isEmpty()) produced.add(o);
            Set<String> inputs = new LinkedHashSet<>();
            Map<String, Tensor> inits = new LinkedHashMap<>();
            for (int m : members) {
                for (String r : reads.get(m)) {
                    if (produced.contains(r)) continue;
                    Tensor init = graph.initializers().get(r);
                    if (init != null && !graphInputs.contains(r)) inits.put(r, init);
                    else inputs.add(r);
                }
            }
            List<String> outputs = new ArrayList<>();
            for (int m : members) {
                for (String o : nodes.get(m).outputs()) {
                    if (o.isEmpty()) continue;
                    boolean readOutside = readers.getOrDefault(o, List.of()).stream().anyMatch(r -> !inRun.contains(r));
                    if (graphOutputs.contains(o) || readOutside) outputs.add(o);
                }
            }
            Function<String, ValueInfo> typed =
                    name -> declared.getOrDefault(name, new ValueInfo(name, new ValueType.Unspecified()));
            return new Subgraph(model, runs++, members.stream().map(nodes::get).toList(),
                    inputs.stream().map(typed).toList(), outputs.stream().map(typed).toList(), inits);
        }

        /** Every type the graph states: inputs, outputs, value_info, and initializers' own. */
        private static Map<String, ValueInfo> declaredTypes(Graph graph) {
            Map<String, ValueInfo> m = new HashMap<>(graph.valueInfo());
            graph.initializers().forEach((name, t) -> m.put(name, new ValueInfo(name, new ValueType.TensorType(
                    t.dtype(), Arrays.stream(t.shape()).mapToObj(Dim::of).toList()))));
            for (ValueInfo v : graph.outputs()) m.put(v.name(), v);
            for (ValueInfo v : graph.inputs()) m.put(v.name(), v);
            m.values().removeIf(v -> v.type() instanceof ValueType.Unspecified);
            return m;
        }

        /** The values a node reads: its inputs, and the outer names its subgraphs read. */
        private static List<String> reads(Node node) {
            List<String> r = new ArrayList<>();
            for (String s : node.inputs()) if (!s.isEmpty()) r.add(s);
            r.addAll(NodeContext.implicitInputs(node));
            return r;
        }
    }

    private static void closeAll(List<AutoCloseable> resources, Throwable cause) {
        for (AutoCloseable c : resources) {
            try {
                c.close();
            } catch (Exception e) {
                if (cause != null) cause.addSuppressed(e);
            }
        }
    }

    /** Releases what providers hold for this plan's runs (ONNX Runtime sessions); runs in flight must be over. */
    void close() {
        RuntimeException failure = new IllegalStateException("closing a provider's subgraph failed");
        closeAll(resources, failure);
        resources.clear();
        if (failure.getSuppressed().length > 0) throw failure;
    }

    /** Which provider runs each node of the main graph, in the order the plan runs them. */
    List<Placement> placements() {
        return placements;
    }

    /** Marks each intermediate slot to be cleared after the last step that reads it. */
    private static List<Step> withFrees(List<Step> steps, int slotCount, List<Tensor> constants, int[] outputs,
                                        java.util.Collection<Integer> outer) {
        int[] last = new int[slotCount];
        Arrays.fill(last, -1);
        for (int i = 0; i < steps.size(); i++) {
            for (int s : steps.get(i).in()) if (s >= 0) last[s] = i;
            for (int s : steps.get(i).out()) if (s >= 0 && last[s] < i) last[s] = i;
        }
        for (int s : outputs) last[s] = Integer.MAX_VALUE;
        for (int s : outer) last[s] = Integer.MAX_VALUE;
        for (int s = 0; s < slotCount; s++) if (constants.get(s) != null) last[s] = Integer.MAX_VALUE;
        List<List<Integer>> frees = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) frees.add(new ArrayList<>());
        for (int s = 0; s < slotCount; s++) if (last[s] >= 0 && last[s] < steps.size()) frees.get(last[s]).add(s);
        List<Step> out = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            Step st = steps.get(i);
            out.add(new Step(st.op(), st.in(), st.out(), frees.get(i).stream().mapToInt(Integer::intValue).toArray(), st.where(), st.kind()));
        }
        return out;
    }

    private static List<UnsupportedOperatorException.Missing> merge(List<UnsupportedOperatorException.Missing> all) {
        Map<String, UnsupportedOperatorException.Missing> byOp = new LinkedHashMap<>();
        for (UnsupportedOperatorException.Missing m : all) {
            String key = m.domain() + "::" + m.opType() + "-" + m.version();
            UnsupportedOperatorException.Missing prev = byOp.get(key);
            if (prev == null) {
                byOp.put(key, m);
            } else {
                Set<String> nodes = new LinkedHashSet<>(prev.nodes());
                nodes.addAll(m.nodes());
                byOp.put(key, new UnsupportedOperatorException.Missing(m.domain(), m.opType(), m.version(),
                        List.copyOf(nodes), prev.reason()));
            }
        }
        return List.copyOf(byOp.values());
    }

    @Override
    public Set<String> outerNames() {
        return outerSlots.keySet();
    }

    List<String> outputNames() {
        return outputNames;
    }

    /** The main graph's steps, in run order, as the memory plan's report names them. */
    List<String> stepNames() {
        return steps.stream().map(Step::where).toList();
    }

    private static String describe(Tensor[] in) {
        return Arrays.stream(in).map(t -> t == null ? "<absent>" : t.dtype() + Arrays.toString(t.shape()))
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }

    /** Graph inputs in order; a null entry keeps the initializer's default (or leaves it absent). */
    @Override
    public Tensor[] run(Tensor[] inputs, Function<String, Tensor> outer, ExecContext ctx) {
        boolean main = ctx.enter();
        try {
            return steps(inputs, outer, ctx, main);
        } finally {
            ctx.exit();
        }
    }

    private Tensor[] steps(Tensor[] inputs, Function<String, Tensor> outer, ExecContext ctx, boolean main) {
        Tensor[] v = template.clone();
        for (int i = 0; i < inputSlots.length && i < inputs.length; i++) if (inputs[i] != null) v[inputSlots[i]] = inputs[i];
        outerSlots.forEach((name, s) -> v[s] = outer.apply(name));
        long live = 0;
        Profile profile = ctx.profile();
        try {
            for (int at = 0; at < steps.size(); at++) {
                Step st = steps.get(at);
                ctx.checkTime(() -> "model '" + source + "', " + st.where());
                if (main) ctx.beginStep(at);
                Tensor[] in = new Tensor[st.in().length];
                for (int i = 0; i < in.length; i++) in[i] = st.in()[i] < 0 ? null : v[st.in()[i]];
                Tensor[] out;
                try {
                    long t0 = profile == null ? 0 : System.nanoTime();
                    out = st.op().run(in, ctx);
                    if (profile != null) profile.add(st.where(), st.kind(), System.nanoTime() - t0);
                } catch (dev.jinn.JinnException e) {
                    throw e;
                } catch (OutOfMemoryError e) {
                    throw ctx.outOfMemory("model '" + source + "', " + st.where());
                } catch (ArithmeticException e) {
                    // Math.*Exact on sizes that the inputs make too large (a huge output shape).
                    throw new dev.jinn.InvalidInputException(st.where() + ": a size computed from inputs " + describe(in)
                            + " overflows: " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    // An op that trips over its inputs (fewer than the node needs, an absent required
                    // one) still names the node and what it was given, not just a bare JDK exception.
                    throw new MalformedModelException(st.where() + ": failed on inputs " + describe(in) + ": " + e, e);
                }
                for (int i = 0; i < st.out().length; i++) {
                    int s = st.out()[i];
                    if (s < 0) continue;
                    Tensor t = i < out.length ? out[i] : null;
                    if (t == null) {
                        throw new MalformedModelException(st.where() + ": produced no value for output " + i);
                    }
                    v[s] = t;
                    ctx.hold(t.array(), slotNames[s]);
                    live += t.byteSize();
                    ctx.track(t.byteSize());
                    if (main && st.op() instanceof InPlace) {
                        for (Tensor x : in) if (x != null) ctx.inPlace(x, t);
                    }
                }
                for (int s : st.free()) {
                    if (v[s] != null && template[s] == null) {
                        ctx.track(-v[s].byteSize());
                        live -= v[s].byteSize();
                        ctx.release(v[s].array());
                    }
                    v[s] = null;
                }
            }
        } finally {
            ctx.track(-live);
        }
        Tensor[] result = new Tensor[outputSlots.length];
        for (int i = 0; i < result.length; i++) result[i] = v[outputSlots[i]];
        return result;
    }

    /** Names of the model inputs, for the session's input checks. */
    static Map<String, Integer> indexOf(List<ValueInfo> infos) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < infos.size(); i++) m.put(infos.get(i).name(), i);
        return m;
    }
}
