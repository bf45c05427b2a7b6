package dev.jinn.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.jinn.MalformedModelException;
import dev.jinn.ResourceLimitException;
import dev.jinn.UnsafeModelException;
import dev.jinn.ir.Attribute;
import dev.jinn.ir.Checker;
import dev.jinn.ir.Dim;
import dev.jinn.ir.Domains;
import dev.jinn.ir.Function;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import dev.jinn.ir.ValueType;
import dev.jinn.onnx.proto.Onnx.AttributeProto;
import dev.jinn.onnx.proto.Onnx.FunctionProto;
import dev.jinn.onnx.proto.Onnx.GraphProto;
import dev.jinn.onnx.proto.Onnx.ModelProto;
import dev.jinn.onnx.proto.Onnx.NodeProto;
import dev.jinn.onnx.proto.Onnx.OperatorSetIdProto;
import dev.jinn.onnx.proto.Onnx.SparseTensorProto;
import dev.jinn.onnx.proto.Onnx.StringStringEntryProto;
import dev.jinn.onnx.proto.Onnx.TensorProto;
import dev.jinn.onnx.proto.Onnx.TensorShapeProto;
import dev.jinn.onnx.proto.Onnx.TypeProto;
import dev.jinn.onnx.proto.Onnx.ValueInfoProto;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ONNX file into Jinn's immutable IR and checks it. Everything that can go wrong becomes a
 * {@link dev.jinn.JinnException}: nothing is half-loaded, and hostile input cannot exhaust memory
 * (sizes are checked before allocation) or the stack (nesting is capped before recursion).
 */
public final class ModelLoader {
    /** Protobuf levels that one subgraph nesting costs: GraphProto -> NodeProto -> AttributeProto. */
    private static final int LEVELS_PER_SUBGRAPH = 3;

    private ModelLoader() {}

    public static Model load(Path path) {
        return load(path, LoadOptions.defaults());
    }

    /**
     * Parses the file where it lies, memory-mapped: the parsed messages alias the mapping, so the
     * heap holds only the tensors made from it, never a second copy of the file.
     */
    public static Model load(Path path, LoadOptions options) {
        String source = path.toString();
        ByteBuffer mapped;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new ResourceLimitException("model '" + source + "': " + size + " bytes; protobuf files are limited to 2 GiB, keep weights as external data");
            }
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (NoSuchFileException e) {
            throw new MalformedModelException("model '" + source + "': no such file");
        } catch (IOException e) {
            throw new MalformedModelException("model '" + source + "': cannot read: " + e.getMessage(), e);
        }
        return load(mapped, source, path.toAbsolutePath().getParent(), options);
    }

    /**
     * A model from a buffer (a mapped file, or direct memory): parsed with aliasing, so tensors are
     * decoded from the buffer itself. {@code modelDir} is where external data may be read from.
     */
    public static Model load(ByteBuffer buffer, String source, Path modelDir, LoadOptions options) {
        if (!buffer.hasRemaining()) throw new MalformedModelException("model '" + source + "': the file is empty");
        // A wrapped buffer reads as immutable, which protobuf needs to alias it; newInstance(ByteBuffer) would copy every field.
        return toModel(parse(UnsafeByteOperations.unsafeWrap(buffer.duplicate()).newCodedInput(), source, options), source, modelDir, options);
    }

    public static Model load(byte[] bytes, String source) {
        return load(bytes, source, null, LoadOptions.defaults());
    }

    public static Model load(InputStream in, String source, LoadOptions options) {
        try {
            return load(in.readAllBytes(), source, null, options);
        } catch (IOException e) {
            throw new MalformedModelException("model '" + source + "': cannot read: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new ResourceLimitException("model '" + source + "': the stream is larger than the JVM can hold");
        }
    }

    /** {@code modelDir} is where external data may be read from; null refuses external data. */
    public static Model load(byte[] bytes, String source, Path modelDir, LoadOptions options) {
        ModelProto proto = parse(bytes, source, options);
        return toModel(proto, source, modelDir, options);
    }

    public static ModelProto parse(byte[] bytes, String source, LoadOptions options) {
        if (bytes.length == 0) {
            throw new MalformedModelException("model '" + source + "': the file is empty");
        }
        return parse(CodedInputStream.newInstance(bytes), source, options);
    }

    private static ModelProto parse(CodedInputStream in, String source, LoadOptions options) {
        in.enableAliasing(true);
        in.setRecursionLimit(options.maxSubgraphDepth() * LEVELS_PER_SUBGRAPH + 16);
        try {
            ModelProto p = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
            return p;
        } catch (InvalidProtocolBufferException e) {
            if (e.getMessage() != null && e.getMessage().contains("nesting")) {
                throw new UnsafeModelException("model '" + source + "': messages nest deeper than the limit of "
                        + options.maxSubgraphDepth() + " subgraph levels");
            }
            throw new MalformedModelException("model '" + source + "': not a valid ONNX protobuf: " + e.getMessage());
        } catch (IOException e) {
            throw new MalformedModelException("model '" + source + "': not a valid ONNX protobuf: " + e.getMessage(), e);
        }
    }

    public static Model toModel(ModelProto p, String source, Path modelDir, LoadOptions options) {
        if (!p.hasGraph()) {
            throw new MalformedModelException("model '" + source + "': no graph (is this an ONNX model file?)");
        }
        Map<String, Integer> opsets = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (OperatorSetIdProto o : p.getOpsetImportList()) {
            String domain = Domains.canonical(o.getDomain());
            if (o.getVersion() < 1 || o.getVersion() > Integer.MAX_VALUE) {
                problems.add("opset import " + Domains.label(domain) + " has version " + o.getVersion());
                continue;
            }
            if (opsets.put(domain, (int) o.getVersion()) != null) {
                problems.add("opset " + Domains.label(domain) + " is imported twice");
            }
        }
        if (!problems.isEmpty()) throw new MalformedModelException(Checker.format(source, problems));
        if (opsets.isEmpty() && p.getIrVersion() < 3) {
            opsets.put(Domains.ONNX, 1); // before IR 3 there were no opset imports, and opset 1 was implied
        }
        Converter c = new Converter(source, new TensorProtos.Context(source, modelDir, options.maxTensorBytes()), options);
        Graph graph = c.graph(p.getGraph(), 0);
        Map<String, Function> functions = new LinkedHashMap<>();
        for (FunctionProto f : p.getFunctionsList()) {
            Function fn = c.function(f);
            if (functions.put(fn.key(), fn) != null) {
                throw new MalformedModelException("model '" + source + "': function " + fn.key() + " is defined twice");
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (StringStringEntryProto e : p.getMetadataPropsList()) meta.put(e.getKey(), e.getValue());
        Model model = new Model(source, p.getIrVersion(), opsets, p.getProducerName(), p.getProducerVersion(), graph,
                functions, meta);
        return Checker.check(model);
    }

    /** Turns protobuf messages into IR, one model at a time; carries the budget and the nesting depth. */
    private static final class Converter {
        private final String source;
        private final TensorProtos.Context tensors;
        private final LoadOptions options;

        Converter(String source, TensorProtos.Context tensors, LoadOptions options) {
            this.source = source;
            this.tensors = tensors;
            this.options = options;
        }

        /** An initializer; a heap too small for it is a resource limit naming the tensor, not an error of the JVM. */
        private Tensor tensor(TensorProto t) {
            try {
                return TensorProtos.toTensor(t, t.getName(), tensors);
            } catch (OutOfMemoryError e) {
                // It was checked before allocating, so its dims are sane and its data type known.
                long bytes = DataType.fromCode(t.getDataType()).byteSize(
                        dev.jinn.tensor.Shapes.sizeExact(t.getDimsList().stream().mapToLong(Long::longValue).toArray()));
                throw new ResourceLimitException("model '" + source + "', initializer '" + t.getName() + "': out of memory "
                        + "asking for " + bytes + " bytes; the JVM heap is limited to " + Runtime.getRuntime().maxMemory() + " bytes");
            }
        }

        Graph graph(GraphProto g, int depth) {
            if (depth > options.maxSubgraphDepth()) {
                throw new UnsafeModelException("model '" + source + "': graph '" + g.getName() + "' is nested "
                        + depth + " levels deep; the limit is " + options.maxSubgraphDepth());
            }
            Map<String, Tensor> inits = new LinkedHashMap<>();
            for (TensorProto t : g.getInitializerList()) {
                if (inits.put(t.getName(), tensor(t)) != null) {
                    throw new MalformedModelException("model '" + source + "', graph '" + g.getName()
                            + "': initializer '" + t.getName() + "' is defined twice");
                }
            }
            for (SparseTensorProto s : g.getSparseInitializerList()) {
                String name = s.getValues().getName();
                if (inits.put(name, TensorProtos.densify(s, tensors)) != null) {
                    throw new MalformedModelException("model '" + source + "', graph '" + g.getName()
                            + "': initializer '" + name + "' is defined twice");
                }
            }
            Map<String, ValueInfo> valueInfo = new LinkedHashMap<>();
            for (ValueInfoProto v : g.getValueInfoList()) valueInfo.put(v.getName(), valueInfo(v));
            List<Node> nodes = new ArrayList<>(g.getNodeCount());
            for (NodeProto n : g.getNodeList()) nodes.add(node(n, depth));
            return new Graph(g.getName(), g.getInputList().stream().map(this::valueInfo).toList(),
                    g.getOutputList().stream().map(this::valueInfo).toList(), inits, valueInfo, nodes);
        }

        Function function(FunctionProto f) {
            Map<String, Integer> opsets = new LinkedHashMap<>();
            for (OperatorSetIdProto o : f.getOpsetImportList()) opsets.put(Domains.canonical(o.getDomain()), (int) o.getVersion());
            Map<String, Attribute> defaults = new LinkedHashMap<>();
            List<String> attrNames = new ArrayList<>(f.getAttributeList());
            for (AttributeProto a : f.getAttributeProtoList()) {
                defaults.put(a.getName(), attribute(a, null, 1));
                attrNames.add(a.getName());
            }
            List<Node> nodes = f.getNodeList().stream().map(n -> node(n, 1)).toList();
            return new Function(Domains.canonical(f.getDomain()), f.getName(), f.getInputList(), f.getOutputList(),
                    attrNames, defaults, nodes, opsets);
        }

        Node node(NodeProto n, int depth) {
            Map<String, Attribute> attrs = new LinkedHashMap<>();
            String nodeName = n.getName().isEmpty() && n.getOutputCount() > 0 ? "<unnamed, output '" + n.getOutput(0) + "'>" : n.getName();
            for (AttributeProto a : n.getAttributeList()) {
                Attribute attr = attribute(a, "'" + nodeName + "' (" + n.getOpType() + ")", depth);
                if (attrs.put(a.getName(), attr) != null) {
                    throw new MalformedModelException("model '" + source + "', node '" + nodeName + "' (" + n.getOpType()
                            + "): attribute '" + a.getName() + "' is given twice");
                }
            }
            return new Node(n.getName(), Domains.canonical(n.getDomain()), n.getOpType(), n.getInputList(), n.getOutputList(), attrs);
        }

        Attribute attribute(AttributeProto a, String node, int depth) {
            String where = "model '" + source + "'" + (node == null ? "" : ", node " + node) + ", attribute '" + a.getName() + "'";
            if (a.getName().isEmpty()) throw new MalformedModelException(where + ": attribute without a name");
            if (!a.getRefAttrName().isEmpty()) {
                return new Attribute(a.getName(), type(a, where), null, a.getRefAttrName());
            }
            Attribute.Type type = type(a, where);
            Object value = switch (type) {
                case FLOAT -> a.getF();
                case INT -> a.getI();
                case STRING -> a.getS().toString(StandardCharsets.UTF_8);
                case TENSOR -> TensorProtos.toTensor(a.getT(), a.getName(), tensors);
                case SPARSE_TENSOR -> TensorProtos.densify(a.getSparseTensor(), tensors);
                case GRAPH -> graph(a.getG(), depth + 1);
                case TYPE_PROTO -> type(a.getTp());
                case FLOATS -> {
                    float[] f = new float[a.getFloatsCount()];
                    for (int i = 0; i < f.length; i++) f[i] = a.getFloats(i);
                    yield f;
                }
                case INTS -> a.getIntsList().stream().mapToLong(Long::longValue).toArray();
                case STRINGS -> a.getStringsList().stream().map(s -> s.toString(StandardCharsets.UTF_8)).toList();
                case TENSORS -> a.getTensorsList().stream().map(t -> TensorProtos.toTensor(t, a.getName(), tensors)).toList();
                case SPARSE_TENSORS -> a.getSparseTensorsList().stream().map(t -> TensorProtos.densify(t, tensors)).toList();
                case GRAPHS -> a.getGraphsList().stream().map(g -> graph(g, depth + 1)).toList();
                case TYPE_PROTOS -> a.getTypeProtosList().stream().map(this::type).toList();
            };
            return new Attribute(a.getName(), type, value, null);
        }

        /** The declared type, checked against the one field that is filled in. */
        private Attribute.Type type(AttributeProto a, String where) {
            Attribute.Type inferred = inferType(a);
            if (a.hasType() && a.getType() != AttributeProto.AttributeType.UNDEFINED) {
                Attribute.Type declared;
                try {
                    declared = Attribute.Type.valueOf(a.getType().name());
                } catch (IllegalArgumentException e) {
                    throw new MalformedModelException(where + ": unknown attribute type " + a.getType());
                }
                if (inferred != null && inferred != declared && a.getRefAttrName().isEmpty()) {
                    throw new MalformedModelException(where + ": declared type " + declared + " but holds a " + inferred + " value");
                }
                return declared;
            }
            if (inferred == null) throw new MalformedModelException(where + ": no type and no value");
            return inferred;
        }

        private static Attribute.Type inferType(AttributeProto a) {
            if (a.hasF()) return Attribute.Type.FLOAT;
            if (a.hasI()) return Attribute.Type.INT;
            if (a.hasS()) return Attribute.Type.STRING;
            if (a.hasT()) return Attribute.Type.TENSOR;
            if (a.hasG()) return Attribute.Type.GRAPH;
            if (a.hasSparseTensor()) return Attribute.Type.SPARSE_TENSOR;
            if (a.hasTp()) return Attribute.Type.TYPE_PROTO;
            if (a.getFloatsCount() > 0) return Attribute.Type.FLOATS;
            if (a.getIntsCount() > 0) return Attribute.Type.INTS;
            if (a.getStringsCount() > 0) return Attribute.Type.STRINGS;
            if (a.getTensorsCount() > 0) return Attribute.Type.TENSORS;
            if (a.getGraphsCount() > 0) return Attribute.Type.GRAPHS;
            if (a.getSparseTensorsCount() > 0) return Attribute.Type.SPARSE_TENSORS;
            if (a.getTypeProtosCount() > 0) return Attribute.Type.TYPE_PROTOS;
            return null;
        }

        ValueInfo valueInfo(ValueInfoProto v) {
            return new ValueInfo(v.getName(), v.hasType() ? type(v.getType()) : new ValueType.Unspecified());
        }

        ValueType type(TypeProto t) {
            return switch (t.getValueCase()) {
                case TENSOR_TYPE -> new ValueType.TensorType(DataType.fromCode(t.getTensorType().getElemType()),
                        t.getTensorType().hasShape() ? dims(t.getTensorType().getShape()) : null);
                case SPARSE_TENSOR_TYPE -> new ValueType.SparseTensorType(DataType.fromCode(t.getSparseTensorType().getElemType()),
                        t.getSparseTensorType().hasShape() ? dims(t.getSparseTensorType().getShape()) : null);
                case SEQUENCE_TYPE -> new ValueType.SequenceType(type(t.getSequenceType().getElemType()));
                case MAP_TYPE -> new ValueType.MapType(DataType.fromCode(t.getMapType().getKeyType()), type(t.getMapType().getValueType()));
                case OPTIONAL_TYPE -> new ValueType.OptionalType(type(t.getOptionalType().getElemType()));
                case OPAQUE_TYPE -> new ValueType.OpaqueType(t.getOpaqueType().getDomain(), t.getOpaqueType().getName());
                case VALUE_NOT_SET -> new ValueType.Unspecified();
            };
        }

        private static List<Dim> dims(TensorShapeProto s) {
            List<Dim> out = new ArrayList<>(s.getDimCount());
            for (TensorShapeProto.Dimension d : s.getDimList()) {
                out.add(switch (d.getValueCase()) {
                    case DIM_VALUE -> d.getDimValue() >= 0 ? Dim.of(d.getDimValue()) : Dim.UNKNOWN;
                    case DIM_PARAM -> d.getDimParam().isEmpty() ? Dim.UNKNOWN : Dim.symbol(d.getDimParam());
                    case VALUE_NOT_SET -> Dim.UNKNOWN;
                });
            }
            return out;
        }
    }
}
