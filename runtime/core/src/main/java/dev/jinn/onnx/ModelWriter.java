package dev.jinn.onnx;

import com.google.protobuf.ByteString;
import dev.jinn.ir.Attribute;
import dev.jinn.ir.Dim;
import dev.jinn.ir.Function;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import dev.jinn.ir.ValueType;
import dev.jinn.onnx.proto.Onnx.AttributeProto;
import dev.jinn.onnx.proto.Onnx.AttributeProto.AttributeType;
import dev.jinn.onnx.proto.Onnx.FunctionProto;
import dev.jinn.onnx.proto.Onnx.GraphProto;
import dev.jinn.onnx.proto.Onnx.ModelProto;
import dev.jinn.onnx.proto.Onnx.NodeProto;
import dev.jinn.onnx.proto.Onnx.OperatorSetIdProto;
import dev.jinn.onnx.proto.Onnx.StringStringEntryProto;
import dev.jinn.onnx.proto.Onnx.TensorShapeProto;
import dev.jinn.onnx.proto.Onnx.TypeProto;
import dev.jinn.onnx.proto.Onnx.ValueInfoProto;
import dev.jinn.tensor.Tensor;
import java.util.List;

/**
 * Writes Jinn's IR back to an ONNX ModelProto: the way parts of a model are handed to another
 * runtime (ONNX Runtime) and the way tools save a rewritten model. Initializers come back dense,
 * with raw_data; sparse ones were made dense when the model was loaded.
 */
public final class ModelWriter {
    /** IR 4 is the first that lets initializers stand outside the graph inputs, which subgraphs rely on. */
    private static final long MIN_IR_VERSION = 4;

    private ModelWriter() {}

    public static ModelProto write(Model m) {
        ModelProto.Builder b = ModelProto.newBuilder()
                .setIrVersion(Math.max(m.irVersion(), MIN_IR_VERSION))
                .setProducerName(m.producerName())
                .setProducerVersion(m.producerVersion())
                .setGraph(graph(m.graph()));
        m.opsets().forEach((d, v) -> b.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(d).setVersion(v)));
        for (Function f : m.functions().values()) b.addFunctions(function(f));
        m.metadata().forEach((k, v) -> b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return b.build();
    }

    public static GraphProto graph(Graph g) {
        GraphProto.Builder b = GraphProto.newBuilder().setName(g.name());
        for (ValueInfo v : g.inputs()) b.addInput(valueInfo(v));
        for (ValueInfo v : g.outputs()) b.addOutput(valueInfo(v));
        g.initializers().forEach((name, t) -> b.addInitializer(TensorProtos.toProto(t, name)));
        for (ValueInfo v : g.valueInfo().values()) b.addValueInfo(valueInfo(v));
        for (Node n : g.nodes()) b.addNode(node(n));
        return b.build();
    }

    public static NodeProto node(Node n) {
        NodeProto.Builder b = NodeProto.newBuilder().setName(n.name()).setOpType(n.opType())
                .addAllInput(n.inputs()).addAllOutput(n.outputs());
        if (!n.domain().isEmpty()) b.setDomain(n.domain());
        // Attribute order does not matter to ONNX, but a stable one keeps written models reproducible.
        n.attributes().values().stream().sorted(java.util.Comparator.comparing(Attribute::name))
                .forEach(a -> b.addAttribute(attribute(a)));
        return b.build();
    }

    public static ValueInfoProto valueInfo(ValueInfo v) {
        ValueInfoProto.Builder b = ValueInfoProto.newBuilder().setName(v.name());
        if (!(v.type() instanceof ValueType.Unspecified)) b.setType(type(v.type()));
        return b.build();
    }

    public static TypeProto type(ValueType t) {
        TypeProto.Builder b = TypeProto.newBuilder();
        switch (t) {
            case ValueType.TensorType tt -> {
                TypeProto.Tensor.Builder x = TypeProto.Tensor.newBuilder();
                if (tt.elem() != null) x.setElemType(tt.elem().code());
                if (tt.shape() != null) x.setShape(shape(tt.shape()));
                b.setTensorType(x);
            }
            case ValueType.SparseTensorType st -> {
                TypeProto.SparseTensor.Builder x = TypeProto.SparseTensor.newBuilder();
                if (st.elem() != null) x.setElemType(st.elem().code());
                if (st.shape() != null) x.setShape(shape(st.shape()));
                b.setSparseTensorType(x);
            }
            case ValueType.SequenceType s -> b.setSequenceType(TypeProto.Sequence.newBuilder().setElemType(type(s.elem())));
            case ValueType.MapType mt -> b.setMapType(TypeProto.Map.newBuilder().setKeyType(mt.key().code())
                    .setValueType(type(mt.value())));
            case ValueType.OptionalType o -> b.setOptionalType(TypeProto.Optional.newBuilder().setElemType(type(o.elem())));
            case ValueType.OpaqueType o -> b.setOpaqueType(TypeProto.Opaque.newBuilder().setDomain(o.domain()).setName(o.name()));
            case ValueType.Unspecified u -> { }
        }
        return b.build();
    }

    private static TensorShapeProto shape(List<Dim> dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (Dim d : dims) {
            TensorShapeProto.Dimension.Builder x = TensorShapeProto.Dimension.newBuilder();
            if (d.isFixed()) x.setDimValue(d.value());
            else if (d.param() != null) x.setDimParam(d.param());
            s.addDim(x);
        }
        return s.build();
    }

    @SuppressWarnings("unchecked")
    public static AttributeProto attribute(Attribute a) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(a.name())
                .setType(AttributeType.valueOf(a.type().name()));
        if (a.refAttrName() != null) return b.setRefAttrName(a.refAttrName()).build();
        Object v = a.value();
        switch (a.type()) {
            case FLOAT -> b.setF((Float) v);
            case INT -> b.setI((Long) v);
            case STRING -> b.setS(ByteString.copyFromUtf8((String) v));
            // Sparse attributes were made dense on load; a dense tensor says the same to every consumer.
            case TENSOR, SPARSE_TENSOR -> b.setType(AttributeType.TENSOR).setT(TensorProtos.toProto((Tensor) v, null));
            case GRAPH -> b.setG(graph((Graph) v));
            case TYPE_PROTO -> b.setTp(type((ValueType) v));
            case FLOATS -> {
                for (float f : (float[]) v) b.addFloats(f);
            }
            case INTS -> {
                for (long l : (long[]) v) b.addInts(l);
            }
            case STRINGS -> ((List<String>) v).forEach(s -> b.addStrings(ByteString.copyFromUtf8(s)));
            case TENSORS, SPARSE_TENSORS -> {
                b.setType(AttributeType.TENSORS);
                ((List<Tensor>) v).forEach(t -> b.addTensors(TensorProtos.toProto(t, null)));
            }
            case GRAPHS -> ((List<Graph>) v).forEach(g -> b.addGraphs(graph(g)));
            case TYPE_PROTOS -> ((List<ValueType>) v).forEach(t -> b.addTypeProtos(type(t)));
        }
        return b.build();
    }

    public static FunctionProto function(Function f) {
        FunctionProto.Builder b = FunctionProto.newBuilder().setDomain(f.domain()).setName(f.name())
                .addAllInput(f.inputs()).addAllOutput(f.outputs());
        for (String name : f.attributeNames()) {
            Attribute def = f.attributeDefaults().get(name);
            if (def == null) b.addAttribute(name);
            else b.addAttributeProto(attribute(def));
        }
        for (Node n : f.nodes()) b.addNode(node(n));
        f.opsets().forEach((d, v) -> b.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(d).setVersion(v)));
        return b.build();
    }
}
