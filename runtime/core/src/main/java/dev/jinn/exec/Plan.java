package dev.jinn.exec;

import dev.jinn.MalformedModelException;
import dev.jinn.UnsupportedOperatorException;
import dev.jinn.ir.Checker;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.providers.Provider;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A graph compiled to a flat list of steps over numbered value slots. Initializers sit in the slot
 * template; each run copies the template, so concurrent runs share nothing mutable. A slot is
 * cleared after its last reader, which releases intermediates as early as possible.
 */
final class Plan implements NodeContext.GraphRunner {
    private record Step(Op op, int[] in, int[] out, int[] free, String where) {}

    private final List<Step> steps;
    private final Tensor[] template;
    private final int[] inputSlots;
    private final int[] outputSlots;
    private final Map<String, Integer> outerSlots;
    private final List<String> outputNames;

    private Plan(List<Step> steps, Tensor[] template, int[] inputSlots, int[] outputSlots,
                 Map<String, Integer> outerSlots, List<String> outputNames) {
        this.steps = steps;
        this.template = template;
        this.inputSlots = inputSlots;
        this.outputSlots = outputSlots;
        this.outerSlots = outerSlots;
        this.outputNames = outputNames;
    }

    /** Compiles {@code graph}; names it reads from enclosing graphs become outer slots. */
    static Plan compile(Model model, Graph graph, List<Provider> providers) {
        List<UnsupportedOperatorException.Missing> missing = new ArrayList<>();
        Plan p = compile(model, graph, providers, missing);
        if (!missing.isEmpty()) throw new UnsupportedOperatorException(model.source(), merge(missing));
        return p;
    }

    private static Plan compile(Model model, Graph graph, List<Provider> providers,
                                List<UnsupportedOperatorException.Missing> missing) {
        Map<String, Integer> slots = new LinkedHashMap<>();
        List<Tensor> constants = new ArrayList<>();
        java.util.function.ToIntFunction<String> slot = name -> slots.computeIfAbsent(name, k -> {
            constants.add(null);
            return constants.size() - 1;
        });
        graph.initializers().forEach((name, t) -> constants.set(slot.applyAsInt(name), t));
        int[] inputSlots = graph.inputs().stream().mapToInt(v -> slot.applyAsInt(v.name())).toArray();
        Set<String> local = new java.util.HashSet<>(slots.keySet());
        for (Node n : graph.nodes()) local.addAll(n.outputs());
        Map<String, Integer> outer = new LinkedHashMap<>();
        for (String name : Checker.freeNames(graph)) outer.put(name, slot.applyAsInt(name));

        NodeContext.SubgraphCompiler sub = (g, where) -> compile(model, g, providers, missing);
        // An initializer that is also a graph input is only a default: the caller may replace it.
        Map<String, Tensor> fixed = new HashMap<>(graph.initializers());
        graph.inputs().forEach(v -> fixed.remove(v.name()));
        Function<String, Tensor> fixedValue = fixed::get;
        List<Step> steps = new ArrayList<>();
        for (Node node : graph.nodes()) {
            int opset = model.opset(node.domain());
            Provider.Compiled c = null;
            for (Provider p : providers) {
                c = p.compile(model.source(), node, opset, sub, fixedValue);
                if (c.ok()) break;
            }
            if (c == null || !c.ok()) {
                missing.add(new UnsupportedOperatorException.Missing(node.domain(), node.opType(),
                        c == null ? opset : c.version(), List.of(node.name()), c == null ? null : c.reason()));
                continue;
            }
            int[] in = java.util.stream.Stream.concat(node.inputs().stream(), NodeContext.implicitInputs(node).stream())
                    .mapToInt(s -> s.isEmpty() ? -1 : slot.applyAsInt(s)).toArray();
            int[] out = node.outputs().stream().mapToInt(s -> s.isEmpty() ? -1 : slot.applyAsInt(s)).toArray();
            steps.add(new Step(c.op(), in, out, null, node.describe()));
        }
        int[] outputSlots = graph.outputs().stream().mapToInt(v -> slot.applyAsInt(v.name())).toArray();
        return new Plan(withFrees(steps, slots.size(), constants, outputSlots, outer.values()),
                constants.toArray(new Tensor[0]), inputSlots, outputSlots, outer,
                graph.outputs().stream().map(ValueInfo::name).toList());
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
            out.add(new Step(st.op(), st.in(), st.out(), frees.get(i).stream().mapToInt(Integer::intValue).toArray(), st.where()));
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

    /** Graph inputs in order; a null entry keeps the initializer's default (or leaves it absent). */
    @Override
    public Tensor[] run(Tensor[] inputs, Function<String, Tensor> outer, ExecContext ctx) {
        Tensor[] v = template.clone();
        for (int i = 0; i < inputSlots.length && i < inputs.length; i++) if (inputs[i] != null) v[inputSlots[i]] = inputs[i];
        outerSlots.forEach((name, s) -> v[s] = outer.apply(name));
        long live = 0;
        try {
            for (Step st : steps) {
                Tensor[] in = new Tensor[st.in().length];
                for (int i = 0; i < in.length; i++) in[i] = st.in()[i] < 0 ? null : v[st.in()[i]];
                Tensor[] out = st.op().run(in, ctx);
                for (int i = 0; i < st.out().length; i++) {
                    int s = st.out()[i];
                    if (s < 0) continue;
                    Tensor t = i < out.length ? out[i] : null;
                    if (t == null) {
                        throw new MalformedModelException(st.where() + ": produced no value for output " + i);
                    }
                    v[s] = t;
                    live += t.byteSize();
                    ctx.track(t.byteSize());
                }
                for (int s : st.free()) {
                    if (v[s] != null && template[s] == null) {
                        ctx.track(-v[s].byteSize());
                        live -= v[s].byteSize();
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
