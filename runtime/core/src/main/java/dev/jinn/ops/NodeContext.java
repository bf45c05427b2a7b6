package dev.jinn.ops;

import dev.jinn.InvalidInputException;
import dev.jinn.MalformedModelException;
import dev.jinn.ir.Attribute;
import dev.jinn.ir.Domains;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import dev.jinn.tensor.Tensor;
import java.util.Arrays;

/**
 * What an op sees while it is built: its node, the resolved operator version, and typed attribute
 * access with the ONNX defaults. Its error helpers name the model and the node the way every Jinn
 * message does: {@code model 'm.onnx', node 'ln_3' (LayerNormalization-17): ...}.
 */
public final class NodeContext {
    /** Thrown by factories for a node they cannot run (an attribute value, a dtype); collected at session creation. */
    public static final class Unsupported extends RuntimeException {
        public Unsupported(String reason) {
            super(reason, null, false, false);
        }
    }

    private final String model;
    private final Node node;
    private final int sinceVersion;
    private final SubgraphCompiler subgraphs;
    private final java.util.function.Function<String, Tensor> constants;

    /** Turns a subgraph attribute into something an op can run; supplied by the planner. */
    public interface SubgraphCompiler {
        GraphRunner compile(Graph graph, String where);
    }

    /** A compiled subgraph: feeds its formal inputs and the outer values it reads, returns its outputs. */
    public interface GraphRunner {
        Tensor[] run(Tensor[] inputs, java.util.function.Function<String, Tensor> outer, dev.jinn.exec.ExecContext ctx);

        java.util.Set<String> outerNames();
    }

    public NodeContext(String model, Node node, int sinceVersion, SubgraphCompiler subgraphs) {
        this(model, node, sinceVersion, subgraphs, name -> null);
    }

    /**
     * @param constants the values fixed for the plan's lifetime by name (initializers that no graph
     *                  input can override); null for any other name
     */
    public NodeContext(String model, Node node, int sinceVersion, SubgraphCompiler subgraphs,
                       java.util.function.Function<String, Tensor> constants) {
        this.model = model;
        this.node = node;
        this.sinceVersion = sinceVersion;
        this.subgraphs = subgraphs;
        this.constants = constants;
    }

    /**
     * Input {@code i}'s value when it is a constant initializer, else null: lets an op prepare a
     * weight once (pack, transpose) when it is built instead of on every run.
     */
    public Tensor constantInput(int i) {
        return hasInput(i) ? constants.apply(node.inputs().get(i)) : null;
    }

    public Node node() {
        return node;
    }

    public String model() {
        return model;
    }

    /** The ONNX operator version this node runs as (the highest since-version at or below the model's opset). */
    public int version() {
        return sinceVersion;
    }

    public int inputCount() {
        return node.inputs().size();
    }

    public boolean hasInput(int i) {
        return i < node.inputs().size() && !node.inputs().get(i).isEmpty();
    }

    public boolean wantsOutput(int i) {
        return i < node.outputs().size() && !node.outputs().get(i).isEmpty();
    }

    public int outputCount() {
        return node.outputs().size();
    }

    public boolean has(String attr) {
        return node.attribute(attr) != null;
    }

    public long getInt(String attr, long dflt) {
        Attribute a = node.attribute(attr);
        return a == null ? dflt : typed(a, Attribute.Type.INT).i();
    }

    public float getFloat(String attr, float dflt) {
        Attribute a = node.attribute(attr);
        return a == null ? dflt : typed(a, Attribute.Type.FLOAT).f();
    }

    public String getString(String attr, String dflt) {
        Attribute a = node.attribute(attr);
        return a == null ? dflt : typed(a, Attribute.Type.STRING).s();
    }

    public long[] getInts(String attr, long[] dflt) {
        Attribute a = node.attribute(attr);
        return a == null ? dflt : typed(a, Attribute.Type.INTS).ints();
    }

    public float[] getFloats(String attr, float[] dflt) {
        Attribute a = node.attribute(attr);
        return a == null ? dflt : typed(a, Attribute.Type.FLOATS).floats();
    }

    public Tensor getTensor(String attr) {
        Attribute a = node.attribute(attr);
        return a == null ? null : a.t();
    }

    public Attribute attribute(String attr) {
        return node.attribute(attr);
    }

    /**
     * The enclosing-scope values that this node's subgraphs read, in the order the planner appends
     * them to the node's inputs (see {@link Op#run}); empty for a node without subgraphs.
     */
    public static java.util.List<String> implicitInputs(Node node) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (Attribute a : node.attributes().values()) {
            if (a.value() == null) continue;
            if (a.type() == Attribute.Type.GRAPH) names.addAll(dev.jinn.ir.Checker.freeNames(a.g()));
            if (a.type() == Attribute.Type.GRAPHS) for (Graph g : a.graphs()) names.addAll(dev.jinn.ir.Checker.freeNames(g));
        }
        return java.util.List.copyOf(names);
    }

    /** {@link #implicitInputs(Node)} of this node. */
    public java.util.List<String> implicitInputs() {
        return implicitInputs(node);
    }

    public GraphRunner subgraph(String attr) {
        Attribute a = node.attribute(attr);
        if (a == null) throw malformed("attribute '" + attr + "' is required");
        return subgraphs.compile(typed(a, Attribute.Type.GRAPH).g(), describe() + ", attribute '" + attr + "'");
    }

    private Attribute typed(Attribute a, Attribute.Type t) {
        if (a.type() != t) throw malformed("attribute '" + a.name() + "': expected " + t + ", got " + a.type());
        return a;
    }

    /** "model 'm.onnx', node 'ln_3' (LayerNormalization-17)". */
    public String describe() {
        String d = node.describe();
        return "model '" + model + "', " + d.substring(0, d.length() - 1) + "-" + sinceVersion + ")";
    }

    public MalformedModelException malformed(String what) {
        return new MalformedModelException(describe() + ": " + what);
    }

    public Unsupported unsupported(String what) {
        return new Unsupported(what);
    }

    /** For shape or dtype errors found while running: names the node's input and both shapes. */
    public InvalidInputException invalid(String what) {
        return new InvalidInputException(describe() + ": " + what);
    }

    public InvalidInputException badShape(int input, String expected, int[] got) {
        return invalid("input " + input + " '" + node.inputs().get(input) + "': expected shape " + expected
                + ", got " + Arrays.toString(got));
    }

    public String domainLabel() {
        return Domains.label(node.domain());
    }
}
