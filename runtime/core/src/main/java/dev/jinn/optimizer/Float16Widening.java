package dev.jinn.optimizer;

import dev.jinn.ir.Attribute;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import dev.jinn.ir.ValueType;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes in float32 a graph whose float16 tensors lie only inside it (float32 at its inputs and
 * outputs, float16 weights and activations between Casts, as exporters write half-precision models),
 * as ONNX Runtime's CPU provider does: float16 initializers and constants are widened once, and a
 * Cast to float16 becomes a Cast to float32, which for a float32 input hands the tensor on as it is.
 * Jinn's float kernels compute in float32 anyway; what this saves is the rounding to float16 after
 * every op, whose error grows over a hundred layers (ISNet: 0.013 against ONNX Runtime at the last
 * decoder stage, 0.0099 against a float32 reference), and the widening and narrowing around every op.
 * Left alone: graphs with float16 at an input or output, with subgraphs, or with another node that
 * names float16 as a type (RandomNormal's dtype and the like).
 */
final class Float16Widening implements Rewrite {
    private static final int FLOAT16 = DataType.FLOAT16.code(), FLOAT = DataType.FLOAT.code();

    @Override
    public String name() {
        return "widen-float16";
    }

    @Override
    public Graph apply(Graph graph, OptimizerContext ctx) {
        for (ValueInfo v : graph.inputs()) if (isHalf(v)) return graph;
        for (ValueInfo v : graph.outputs()) if (isHalf(v)) return graph;
        boolean any = graph.initializers().values().stream().anyMatch(t -> t.dtype() == DataType.FLOAT16);
        for (Node n : graph.nodes()) {
            for (Attribute a : n.attributes().values()) {
                if (a.type() == Attribute.Type.GRAPH || a.type() == Attribute.Type.GRAPHS) return graph;
                if (!names(a)) continue;
                if (!widens(n, a)) return graph;
                any = true;
            }
        }
        if (!any) return graph;
        Map<String, Tensor> inits = new LinkedHashMap<>();
        graph.initializers().forEach((k, t) -> inits.put(k, widened(t)));
        List<Node> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            Map<String, Attribute> attrs = new HashMap<>(n.attributes());
            attrs.replaceAll((k, a) -> !names(a) ? a : a.type() == Attribute.Type.TENSOR
                    ? new Attribute(k, a.type(), widened(a.t()), a.refAttrName())
                    : new Attribute(k, a.type(), (long) FLOAT, a.refAttrName()));
            nodes.add(attrs.equals(n.attributes()) ? n : new Node(n.name(), n.domain(), n.opType(), n.inputs(), n.outputs(), attrs));
        }
        Map<String, ValueInfo> info = new LinkedHashMap<>();
        graph.valueInfo().forEach((k, v) -> info.put(k, isHalf(v) && v.type() instanceof ValueType.TensorType tt
                ? new ValueInfo(k, new ValueType.TensorType(DataType.FLOAT, tt.shape())) : v));
        return new Graph(graph.name(), graph.inputs(), graph.outputs(), inits, info, nodes);
    }

    /** Whether {@code a} holds a float16 value, or names float16 as a type ({@code to}, {@code dtype}). */
    private static boolean names(Attribute a) {
        if (a.value() == null) return false;
        return a.type() == Attribute.Type.TENSOR && a.t().dtype() == DataType.FLOAT16
                || a.type() == Attribute.Type.INT && a.i() == FLOAT16 && (a.name().equals("to") || a.name().equals("dtype"));
    }

    /** Whether {@link #names} attribute {@code a} is one this rewrite knows how to widen on {@code n}. */
    private static boolean widens(Node n, Attribute a) {
        if (!n.domain().isEmpty()) return false;
        return switch (n.opType()) {
            case "Cast" -> a.name().equals("to");
            case "Constant", "ConstantOfShape" -> a.type() == Attribute.Type.TENSOR;
            default -> false;
        };
    }

    private static boolean isHalf(ValueInfo v) {
        return v.type() instanceof ValueType.TensorType tt && tt.elem() == DataType.FLOAT16;
    }

    private static Tensor widened(Tensor t) {
        return t.dtype() == DataType.FLOAT16 ? Tensor.wrap(DataType.FLOAT, t.shape(), Tensors.floats(t)) : t;
    }
}
