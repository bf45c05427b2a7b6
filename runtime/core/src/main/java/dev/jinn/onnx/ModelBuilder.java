package dev.jinn.onnx;

import com.google.protobuf.ByteString;
import dev.jinn.ir.Domains;
import dev.jinn.onnx.proto.Onnx.AttributeProto;
import dev.jinn.onnx.proto.Onnx.GraphProto;
import dev.jinn.onnx.proto.Onnx.ModelProto;
import dev.jinn.onnx.proto.Onnx.NodeProto;
import dev.jinn.onnx.proto.Onnx.OperatorSetIdProto;
import dev.jinn.onnx.proto.Onnx.TensorShapeProto;
import dev.jinn.onnx.proto.Onnx.TypeProto;
import dev.jinn.onnx.proto.Onnx.ValueInfoProto;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes ONNX models from code: Jinn's sample models, one-node benchmark models, and test models.
 * Shapes are given as objects: an Integer is a fixed dim, a String a symbolic one.
 */
public final class ModelBuilder {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> opsets = new LinkedHashMap<>();
    private String producer = "jinn";

    public ModelBuilder(String graphName) {
        graph.setName(graphName);
        opsets.put(Domains.ONNX, 17);
    }

    public ModelBuilder opset(String domain, int version) {
        opsets.put(Domains.canonical(domain), version);
        return this;
    }

    public ModelBuilder producer(String name) {
        producer = name;
        return this;
    }

    public ModelBuilder input(String name, DataType dtype, Object... dims) {
        graph.addInput(valueInfo(name, dtype, dims));
        return this;
    }

    public ModelBuilder output(String name, DataType dtype, Object... dims) {
        graph.addOutput(valueInfo(name, dtype, dims));
        return this;
    }

    public ModelBuilder initializer(String name, Tensor value) {
        graph.addInitializer(TensorProtos.toProto(value, name));
        return this;
    }

    /** Adds a node; {@code attrs} values may be Integer/Long, Float/Double, String, int[]/long[], float[], Tensor. */
    public ModelBuilder node(String opType, List<String> inputs, List<String> outputs, Map<String, ?> attrs) {
        return node("", opType, inputs, outputs, attrs, opType + "_" + graph.getNodeCount());
    }

    public ModelBuilder node(String domain, String opType, List<String> inputs, List<String> outputs,
                             Map<String, ?> attrs, String name) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs).addAllOutput(outputs);
        if (!Domains.canonical(domain).isEmpty()) n.setDomain(domain);
        // Sorted, so that a model written from Map.of(...) is the same bytes on every run.
        new java.util.TreeMap<String, Object>(attrs).forEach((k, v) -> n.addAttribute(attribute(k, v)));
        graph.addNode(n);
        return this;
    }

    public ModelProto build() {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(8).setProducerName(producer).setGraph(graph);
        opsets.forEach((d, v) -> m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(d).setVersion(v)));
        return m.build();
    }

    public byte[] toBytes() {
        return build().toByteArray();
    }

    public static AttributeProto attribute(String name, Object v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        switch (v) {
            case Integer i -> a.setType(AttributeProto.AttributeType.INT).setI(i);
            case Long l -> a.setType(AttributeProto.AttributeType.INT).setI(l);
            case Float f -> a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
            case Double d -> a.setType(AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
            case String s -> a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
            case int[] is -> {
                a.setType(AttributeProto.AttributeType.INTS);
                for (int i : is) a.addInts(i);
            }
            case long[] ls -> {
                a.setType(AttributeProto.AttributeType.INTS);
                for (long l : ls) a.addInts(l);
            }
            case float[] fs -> {
                a.setType(AttributeProto.AttributeType.FLOATS);
                for (float f : fs) a.addFloats(f);
            }
            case Tensor t -> a.setType(AttributeProto.AttributeType.TENSOR).setT(TensorProtos.toProto(t, name));
            case GraphProto g -> a.setType(AttributeProto.AttributeType.GRAPH).setG(g);
            default -> throw new IllegalArgumentException("attribute '" + name + "': unsupported value " + v.getClass());
        }
        return a.build();
    }

    public static ValueInfoProto valueInfo(String name, DataType dtype, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) dim.setDimParam(s);
            else dim.setDimValue(((Number) d).longValue());
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(dtype.code()).setShape(shape))).build();
    }
}
