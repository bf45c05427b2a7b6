package dev.jinn.optimizer;

import dev.jinn.exec.ExecContext;
import dev.jinn.ir.Attribute;
import dev.jinn.ir.Dim;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import dev.jinn.providers.JavaProvider;
import dev.jinn.providers.Provider;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces by initializers the nodes whose inputs are all constants (Constant nodes included),
 * evaluating each with its own Java op, and the Shape and Size nodes whose input has a static shape.
 * Shape arithmetic (Shape -> Gather -> Unsqueeze -> Concat -> Reshape's shape) then folds away
 * whenever the graph inputs' dims are fixed. A node whose op fails, or whose result is over the cap
 * or the load budget, is left to run at run time, where it fails (or not) with the usual message.
 */
final class ConstantFolding implements Rewrite {
    /** Ops that return something new on every run even from constant inputs. */
    static final Set<String> NONDETERMINISTIC = Set.of("RandomNormal", "RandomUniform", "RandomNormalLike",
            "RandomUniformLike", "Multinomial", "Bernoulli", "Dropout");
    /** Elementwise ops whose output has their (first) input's shape, to carry static shapes to Shape nodes. */
    private static final Set<String> SAME_SHAPE = Set.of("Cast", "CastLike", "Identity", "Abs", "Neg", "Relu", "Sigmoid",
            "Tanh", "Exp", "Log", "Sqrt", "Erf", "Reciprocal", "Softmax", "LogSoftmax", "LayerNormalization", "Gelu");

    @Override
    public String name() {
        return "fold-constants";
    }

    @Override
    public Graph apply(Graph graph, OptimizerContext ctx) {
        GraphIndex ix = new GraphIndex(graph, ctx);
        Map<String, Tensor> constants = new HashMap<>();
        for (String name : graph.initializers().keySet()) {
            Tensor t = ix.constant(name);
            if (t != null) constants.put(name, t);
        }
        Map<String, List<Dim>> dims = new HashMap<>();
        Provider java = new JavaProvider(ctx.registry());
        List<Node> kept = new ArrayList<>(graph.nodes().size());
        Map<String, Tensor> folded = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            Tensor[] values = fold(n, ix, constants, dims, java, ctx);
            if (values == null) {
                kept.add(n);
                if (n.domain().isEmpty() && SAME_SHAPE.contains(n.opType())) {
                    List<Dim> d = staticDims(n.inputs().isEmpty() ? "" : n.inputs().get(0), ix, constants, dims);
                    if (d != null && !n.outputs().isEmpty()) dims.put(n.outputs().get(0), d);
                }
                continue;
            }
            for (int i = 0; i < values.length; i++) {
                String out = n.outputs().get(i);
                if (out.isEmpty()) continue;
                constants.put(out, values[i]);
                folded.put(out, values[i]);
            }
        }
        if (folded.isEmpty()) return graph;
        Map<String, Tensor> inits = new LinkedHashMap<>(graph.initializers());
        inits.putAll(folded);
        return graph.withNodes(kept, inits);
    }

    /** The node's output values when it folds, else null. */
    private Tensor[] fold(Node n, GraphIndex ix, Map<String, Tensor> constants, Map<String, List<Dim>> dims,
                          Provider java, OptimizerContext ctx) {
        if (NONDETERMINISTIC.contains(n.opType())) return null;
        for (Attribute a : n.attributes().values()) {
            if (a.value() == null || a.type() == Attribute.Type.GRAPH || a.type() == Attribute.Type.GRAPHS) return null;
        }
        if (n.domain().isEmpty() && (n.opType().equals("Shape") || n.opType().equals("Size"))
                && !n.inputs().isEmpty() && !constants.containsKey(n.inputs().get(0))) {
            return keep(staticShape(n, knownDims(n.inputs().get(0), ix, constants, dims)), ctx);
        }
        Tensor[] in = new Tensor[n.inputs().size()];
        for (int i = 0; i < in.length; i++) {
            String name = n.inputs().get(i);
            if (name.isEmpty()) continue;
            in[i] = constants.get(name);
            if (in[i] == null) return null;
        }
        Provider.Compiled c = java.compile(ctx.model().source(), n, ctx.opset(n.domain()), (g, where) -> {
            throw new IllegalStateException("no subgraphs while folding");
        });
        if (!c.ok()) return null;
        Tensor[] out;
        try {
            out = c.op().run(in, ExecContext.singleThreaded(ctx.foldWorkBudget()));
        } catch (RuntimeException e) {
            // A JinnException (bad shapes, over budget) or an op's own failure: the node stays and
            // reports at run time with the run's context.
            return null;
        }
        if (out == null || out.length < n.outputs().size()) return null;
        Tensor[] values = new Tensor[n.outputs().size()];
        for (int i = 0; i < values.length; i++) {
            if (n.outputs().get(i).isEmpty()) continue;
            if (out[i] == null) return null;
            values[i] = out[i];
        }
        return keep(values, ctx);
    }

    private static Tensor[] keep(Tensor[] values, OptimizerContext ctx) {
        if (values == null) return null;
        long bytes = 0;
        for (Tensor t : values) if (t != null) bytes += t.byteSize();
        return ctx.reserveFolded(bytes) ? values : null;
    }

    /** The dims of {@code value} when every one is fixed; null otherwise. */
    private static List<Dim> staticDims(String value, GraphIndex ix, Map<String, Tensor> constants,
                                        Map<String, List<Dim>> dims) {
        List<Dim> d = knownDims(value, ix, constants, dims);
        if (d == null) return null;
        for (Dim x : d) if (!x.isFixed()) return null;
        return d;
    }

    /** The dims of {@code value} as far as they are known (some may be symbolic); null when even the rank is not. */
    private static List<Dim> knownDims(String value, GraphIndex ix, Map<String, Tensor> constants,
                                       Map<String, List<Dim>> dims) {
        if (value.isEmpty()) return null;
        Tensor t = constants.get(value);
        List<Dim> d;
        if (t != null) {
            d = new ArrayList<>();
            for (int s : t.shape()) d.add(Dim.of(s));
        } else {
            d = dims.containsKey(value) ? dims.get(value) : ix.dims(value);
        }
        return d;
    }

    /** Shape (with its start/end since opset 15) or Size, when the dims they report are fixed. */
    private static Tensor[] staticShape(Node n, List<Dim> d) {
        if (d == null) return null;
        int rank = d.size();
        // Dims whose product overflows, or a start or end that is not an INT, are the run's to report,
        // with the real input and the Shape op's own checks.
        if (n.opType().equals("Size")) {
            long size = 1;
            for (Dim x : d) {
                if (!x.isFixed()) return null;
                try {
                    size = Math.multiplyExact(size, x.value());
                } catch (ArithmeticException e) {
                    return null;
                }
            }
            return new Tensor[] {Tensor.scalar(size)};
        }
        Attribute startAttr = n.attribute("start"), endAttr = n.attribute("end");
        if (startAttr != null && startAttr.type() != Attribute.Type.INT || endAttr != null && endAttr.type() != Attribute.Type.INT) {
            return null;
        }
        int start = clamp(startAttr == null ? 0 : startAttr.i(), rank);
        int end = clamp(endAttr == null ? rank : endAttr.i(), rank);
        long[] shape = new long[Math.max(0, end - start)];
        for (int i = 0; i < shape.length; i++) {
            if (!d.get(start + i).isFixed()) return null;
            shape[i] = d.get(start + i).value();
        }
        return new Tensor[] {Tensor.of(shape, shape.length)};
    }

    private static int clamp(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        return (int) Math.max(0, Math.min(rank, a));
    }
}
