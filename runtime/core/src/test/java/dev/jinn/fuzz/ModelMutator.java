package dev.jinn.fuzz;

import com.google.protobuf.ByteString;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Structure-aware damage to a valid model. Each step picks a part anywhere in the model, in the main
 * graph, a subgraph or a function (a tensor, a declared type, a node and its edges, an attribute, a
 * graph's lists, an opset import, an external-data entry), and changes one field of it, so that the
 * result still parses and reaches the checker, the optimizer and the kernels instead of stopping at
 * the protobuf parser as random bytes would. Names and parts come from the model itself or from a
 * second backend model (the donor), so that edges mostly point at values that exist.
 */
final class ModelMutator {
    private static final String[] DOMAINS = {"", "ai.onnx", "ai.onnx.ml", "com.microsoft", "ai.jinn", "com.example",
            "ai.onnx.preview.training"};
    /** Files that ModelFuzzTest's model folder holds, and locations that must be refused. */
    private static final String[] LOCATIONS = {"weights.bin", "sub/w.bin", "link.bin", "hard.bin", "./weights.bin",
            "sub//w.bin", "sub/../weights.bin", "../outside.bin", "/etc/passwd", "C:\\x", "\\\\host\\share", "",
            "missing.bin", "sub", "weights.bin\0.txt"};
    private static final String[] NUMBERS = {"", "x", "-0", "0x10", "1e3", "99999999999999999999", " 1"};
    private static final long[] IR_VERSIONS = {0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13, -1, Long.MAX_VALUE};
    private static final long[] OPSETS = {0, 1, 6, 7, 9, 11, 13, 17, 18, 21, 22, 23, 24, 25, 26, 27, 28, 99, -1,
            1L << 31};

    private final Choices c;

    ModelMutator(Choices c) {
        this.c = c;
    }

    ModelProto mutate(ModelProto seed, int steps) {
        ModelProto.Builder m = seed.toBuilder();
        for (int i = 0; i < steps && c.more(); i++) step(m);
        return m.build();
    }

    /** Every part of the model that a step may change, found afresh before each step. */
    private record Parts(List<GraphProto.Builder> graphs, List<NodeProto.Builder> nodes, List<AttributeProto.Builder> attributes,
                         List<TensorProto.Builder> tensors, List<ValueInfoProto.Builder> values, List<String> names) {
        static Parts of(ModelProto.Builder m) {
            Parts p = new Parts(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
            Set<String> names = new LinkedHashSet<>();
            if (m.hasGraph()) p.graph(m.getGraphBuilder(), names);
            for (FunctionProto.Builder f : m.getFunctionsBuilderList()) {
                names.addAll(f.getInputList());
                p.values.addAll(f.getValueInfoBuilderList());
                for (NodeProto.Builder n : f.getNodeBuilderList()) p.node(n, names);
            }
            p.names.addAll(names);
            return p;
        }

        private void graph(GraphProto.Builder g, Set<String> names) {
            graphs.add(g);
            for (ValueInfoProto.Builder v : g.getInputBuilderList()) names.add(v.getName());
            values.addAll(g.getInputBuilderList());
            values.addAll(g.getOutputBuilderList());
            values.addAll(g.getValueInfoBuilderList());
            for (TensorProto.Builder t : g.getInitializerBuilderList()) {
                tensors.add(t);
                names.add(t.getName());
            }
            for (SparseTensorProto.Builder s : g.getSparseInitializerBuilderList()) sparse(s);
            for (NodeProto.Builder n : g.getNodeBuilderList()) node(n, names);
        }

        private void node(NodeProto.Builder n, Set<String> names) {
            nodes.add(n);
            names.addAll(n.getOutputList());
            for (AttributeProto.Builder a : n.getAttributeBuilderList()) {
                attributes.add(a);
                if (a.hasT()) tensors.add(a.getTBuilder());
                tensors.addAll(a.getTensorsBuilderList());
                if (a.hasSparseTensor()) sparse(a.getSparseTensorBuilder());
                for (SparseTensorProto.Builder s : a.getSparseTensorsBuilderList()) sparse(s);
                if (a.hasG()) graph(a.getGBuilder(), names);
                for (GraphProto.Builder g : a.getGraphsBuilderList()) graph(g, names);
            }
        }

        private void sparse(SparseTensorProto.Builder s) {
            if (s.hasValues()) tensors.add(s.getValuesBuilder());
            if (s.hasIndices()) tensors.add(s.getIndicesBuilder());
        }
    }

    private void step(ModelProto.Builder m) {
        Parts p = Parts.of(m);
        switch (c.between(0, 7)) {
            case 0 -> { if (!p.tensors.isEmpty()) tensor(c.pick(p.tensors), p); }
            case 1 -> { if (!p.tensors.isEmpty()) external(c.pick(p.tensors)); }
            case 2 -> { if (!p.values.isEmpty()) value(c.pick(p.values), p); }
            case 3 -> { if (!p.nodes.isEmpty()) node(c.pick(p.nodes), p); }
            case 4 -> { if (!p.attributes.isEmpty()) attribute(c.pick(p.attributes), p); }
            case 5 -> { if (!p.graphs.isEmpty()) graph(c.pick(p.graphs), p); }
            case 6 -> model(m);
            default -> splice(m, p);
        }
    }

    private void tensor(TensorProto.Builder t, Parts p) {
        switch (c.between(0, 6)) {
            case 0 -> t.clearDims().addAllDims(edit(t.getDimsList()));
            case 1 -> t.setDataType(c.dataTypeCode());
            case 2 -> t.setRawData(ByteString.copyFrom(edit(t.getRawData().toByteArray())))
                    .clearFloatData().clearInt32Data().clearInt64Data().clearDoubleData().clearUint64Data().clearStringData();
            case 3 -> {
                t.clearRawData();
                switch (c.between(0, 5)) {
                    case 0 -> t.addFloatData(c.interestingFloat());
                    case 1 -> t.addInt32Data((int) c.interestingLong());
                    case 2 -> t.addInt64Data(c.interestingLong());
                    case 3 -> t.addDoubleData(c.interestingFloat());
                    case 4 -> t.addUint64Data(c.interestingLong());
                    default -> t.addStringData(ByteString.copyFrom(c.bytes(16)));
                }
            }
            case 4 -> t.getSegmentBuilder().setBegin(c.interestingLong()).setEnd(c.interestingLong());
            case 5 -> t.setName(c.name(p.names));
            default -> t.setDataLocation(c.bool() ? TensorProto.DataLocation.EXTERNAL : TensorProto.DataLocation.DEFAULT);
        }
    }

    /** Moves a tensor's data out to a file of the model's folder, or edits the entries that say where. */
    private void external(TensorProto.Builder t) {
        t.setDataLocation(TensorProto.DataLocation.EXTERNAL).clearRawData();
        switch (c.between(0, 2)) {
            case 0 -> {
                t.clearExternalData().addExternalData(entry("location", c.pick(LOCATIONS)));
                if (c.bool()) t.addExternalData(entry("offset", number()));
                if (c.bool()) t.addExternalData(entry("length", number()));
            }
            case 1 -> t.addExternalData(entry(c.pick(new String[] {"location", "offset", "length", "checksum", ""}),
                    c.bool() ? number() : c.pick(LOCATIONS)));
            default -> {
                if (t.getExternalDataCount() > 0) {
                    int i = c.index(t.getExternalDataCount());
                    t.setExternalData(i, entry(t.getExternalData(i).getKey(), number()));
                }
            }
        }
    }

    private String number() {
        return c.bool() ? Long.toString(c.interestingLong()) : c.pick(NUMBERS);
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private void value(ValueInfoProto.Builder v, Parts p) {
        TypeProto.Builder type = v.getTypeBuilder();
        switch (c.between(0, 4)) {
            case 0 -> type.getTensorTypeBuilder().setElemType(c.dataTypeCode());
            case 1 -> shape(type.getTensorTypeBuilder().getShapeBuilder());
            case 2 -> {
                TypeProto inner = type.build();
                switch (c.between(0, 5)) {
                    case 0 -> type.clear().getSequenceTypeBuilder().setElemType(inner);
                    case 1 -> type.clear().getOptionalTypeBuilder().setElemType(inner);
                    case 2 -> type.clear().getMapTypeBuilder().setKeyType(c.dataTypeCode()).setValueType(inner);
                    case 3 -> type.clear().getSparseTensorTypeBuilder().setElemType(c.dataTypeCode());
                    case 4 -> type.clear().getOpaqueTypeBuilder().setDomain(c.pick(DOMAINS)).setName(c.text(8));
                    default -> v.clearType();
                }
            }
            case 3 -> type.getTensorTypeBuilder().clearShape();
            default -> v.setName(c.name(p.names));
        }
    }

    private void shape(TensorShapeProto.Builder s) {
        int op = c.between(0, 3);
        if (op == 0 || s.getDimCount() == 0) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(c.interestingLong()));
            return;
        }
        int i = c.index(s.getDimCount());
        switch (op) {
            case 1 -> s.getDimBuilder(i).setDimValue(c.interestingLong());
            case 2 -> s.getDimBuilder(i).setDimParam(c.pick(new String[] {"N", "", "batch", c.text(8)}));
            default -> s.removeDim(i);
        }
    }

    private void node(NodeProto.Builder n, Parts p) {
        switch (c.between(0, 8)) {
            case 0 -> n.setOpType(c.bool() ? donorNode().getOpType() : c.text(16));
            case 1 -> n.setDomain(c.pick(DOMAINS));
            case 2 -> {
                if (n.getInputCount() > 0) n.setInput(c.index(n.getInputCount()), c.name(p.names));
            }
            case 3 -> n.addInput(c.name(p.names));
            case 4 -> n.clearInput().addAllInput(editNames(n.getInputList()));
            case 5 -> {
                if (n.getOutputCount() > 0) n.setOutput(c.index(n.getOutputCount()), c.name(p.names));
            }
            case 6 -> n.clearOutput().addAllOutput(editNames(n.getOutputList()));
            case 7 -> n.setName(c.name(p.names));
            default -> {
                NodeProto donor = donorNode();
                if (donor.getAttributeCount() > 0) n.addAttribute(c.pick(donor.getAttributeList()));
            }
        }
    }

    private void attribute(AttributeProto.Builder a, Parts p) {
        switch (c.between(0, 11)) {
            case 0 -> a.setType(c.pick(AttributeProto.AttributeType.values()));
            case 1 -> a.setI(c.interestingLong());
            case 2 -> a.setF(c.interestingFloat());
            case 3 -> a.setS(ByteString.copyFrom(c.bytes(16)));
            case 4 -> a.clearInts().addAllInts(edit(a.getIntsList()));
            case 5 -> a.addFloats(c.interestingFloat());
            case 6 -> a.setName(c.bool() ? c.name(List.of()) : donorNode().getAttributeList().stream()
                    .map(AttributeProto::getName).findFirst().orElse(""));
            case 7 -> a.setG(c.pick(p.graphs).build());
            case 8 -> a.addGraphs(c.pick(p.graphs).build());
            case 9 -> a.setRefAttrName(c.text(8));
            case 10 -> a.addStrings(ByteString.copyFrom(c.bytes(16)));
            default -> a.clearF().clearI().clearS().clearT().clearG().clearSparseTensor().clearTp().clearFloats()
                    .clearInts().clearStrings().clearTensors().clearGraphs().clearSparseTensors().clearTypeProtos();
        }
    }

    private void graph(GraphProto.Builder g, Parts p) {
        switch (c.between(0, 8)) {
            case 0 -> { if (g.getNodeCount() > 0) g.removeNode(c.index(g.getNodeCount())); }
            case 1 -> { if (g.getNodeCount() > 0) g.addNode(g.getNode(c.index(g.getNodeCount()))); }
            case 2 -> {
                if (g.getNodeCount() > 1) {
                    int i = c.index(g.getNodeCount());
                    int j = c.index(g.getNodeCount());
                    NodeProto a = g.getNode(i);
                    g.setNode(i, g.getNode(j)).setNode(j, a);
                }
            }
            case 3 -> { if (g.getInitializerCount() > 0) g.removeInitializer(c.index(g.getInitializerCount())); }
            case 4 -> { if (g.getInputCount() > 0) g.removeInput(c.index(g.getInputCount())); }
            case 5 -> { if (g.getOutputCount() > 0) g.removeOutput(c.index(g.getOutputCount())); }
            case 6 -> g.addOutput(ValueInfoProto.newBuilder().setName(c.name(p.names)));
            case 7 -> {
                if (!p.values.isEmpty()) g.addInput(c.pick(p.values).build().toBuilder().setName(c.name(p.names)));
            }
            default -> {
                if (g.getInitializerCount() > 0) g.addSparseInitializer(sparse(g.getInitializer(c.index(g.getInitializerCount()))));
            }
        }
    }

    /** The same tensor as a sparse one whose indices claim every position; dims and indices get edits of their own. */
    private SparseTensorProto sparse(TensorProto dense) {
        long count = 1;
        for (long d : dense.getDimsList()) count = d <= 0 || d > 64 || count > 64 ? 0 : count * d;
        TensorProto.Builder indices = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE);
        for (long i = 0; i < count; i++) indices.addInt64Data(i);
        indices.addDims(count);
        return SparseTensorProto.newBuilder().setValues(dense.toBuilder().clearDims().addDims(count))
                .setIndices(indices).addAllDims(dense.getDimsList()).build();
    }

    private void model(ModelProto.Builder m) {
        switch (c.between(0, 5)) {
            case 0 -> {
                if (m.getOpsetImportCount() > 0) m.getOpsetImportBuilder(c.index(m.getOpsetImportCount())).setVersion(opset());
            }
            case 1 -> m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(c.pick(DOMAINS)).setVersion(opset()));
            case 2 -> { if (m.getOpsetImportCount() > 0) m.removeOpsetImport(c.index(m.getOpsetImportCount())); }
            case 3 -> m.setIrVersion(IR_VERSIONS[c.index(IR_VERSIONS.length)]);
            case 4 -> { if (m.getFunctionsCount() > 0) m.removeFunctions(c.index(m.getFunctionsCount())); }
            default -> {
                if (m.getFunctionsCount() > 0) {
                    FunctionProto.Builder f = m.getFunctionsBuilder(c.index(m.getFunctionsCount()));
                    switch (c.between(0, 2)) {
                        case 0 -> f.clearInput().addAllInput(editNames(f.getInputList()));
                        case 1 -> f.clearOutput().addAllOutput(editNames(f.getOutputList()));
                        default -> f.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(c.pick(DOMAINS)).setVersion(opset()));
                    }
                }
            }
        }
    }

    private long opset() {
        return OPSETS[c.index(OPSETS.length)];
    }

    /** Parts of another backend model: a node, its graph in place of a subgraph, its functions and imports. */
    private void splice(ModelProto.Builder m, Parts p) {
        ModelProto donor = Seeds.model(c.index(Seeds.count()));
        switch (c.between(0, 3)) {
            case 0 -> {
                if (!donor.getGraph().getNodeList().isEmpty() && !p.graphs.isEmpty()) {
                    NodeProto.Builder n = c.pick(donor.getGraph().getNodeList()).toBuilder();
                    for (int i = 0; i < n.getInputCount(); i++) n.setInput(i, c.name(p.names));
                    c.pick(p.graphs).addNode(n);
                }
            }
            case 1 -> {
                if (!p.nodes.isEmpty() && donor.getGraph().getNodeCount() > 0) {
                    c.pick(p.nodes).clearAttribute().addAllAttribute(c.pick(donor.getGraph().getNodeList()).getAttributeList());
                }
            }
            case 2 -> {
                if (!p.attributes.isEmpty()) c.pick(p.attributes).setG(donor.getGraph());
            }
            default -> m.addAllFunctions(donor.getFunctionsList()).addAllOpsetImport(donor.getOpsetImportList());
        }
    }

    private NodeProto donorNode() {
        GraphProto g = Seeds.model(c.index(Seeds.count())).getGraph();
        return g.getNodeCount() == 0 ? NodeProto.getDefaultInstance() : c.pick(g.getNodeList());
    }

    /** A list with one element changed, added, removed or repeated. */
    private List<Long> edit(List<Long> list) {
        List<Long> out = new ArrayList<>(list);
        int op = c.between(0, 3);
        if (op == 0 || out.isEmpty()) {
            out.add(c.index(out.size() + 1), c.interestingLong());
        } else {
            int i = c.index(out.size());
            switch (op) {
                case 1 -> out.set(i, c.interestingLong());
                case 2 -> out.remove(i);
                default -> out.add(i, out.get(i));
            }
        }
        return out;
    }

    private List<String> editNames(List<String> list) {
        List<String> out = new ArrayList<>(list);
        int op = c.between(0, 2);
        if (op == 0 || out.isEmpty()) {
            out.add(c.index(out.size() + 1), c.name(out));
        } else {
            int i = c.index(out.size());
            if (op == 1) out.remove(i);
            else out.add(i, out.get(i));
        }
        return out;
    }

    /** Bytes cut short, grown, or with a run overwritten. */
    private byte[] edit(byte[] raw) {
        return switch (c.between(0, 2)) {
            case 0 -> java.util.Arrays.copyOf(raw, c.index(raw.length + 1));
            case 1 -> {
                byte[] more = c.bytes(64);
                byte[] out = java.util.Arrays.copyOf(raw, raw.length + more.length);
                System.arraycopy(more, 0, out, raw.length, more.length);
                yield out;
            }
            default -> {
                byte[] out = raw.clone();
                byte[] run = c.bytes(8);
                int at = c.index(out.length + 1);
                for (int i = 0; i < run.length && at + i < out.length; i++) out[at + i] = run[i];
                yield out;
            }
        };
    }
}
