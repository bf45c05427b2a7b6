package dev.jinn.onnx;

import static dev.jinn.testing.Assertions.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.jinn.JinnException;
import dev.jinn.MalformedModelException;
import dev.jinn.ResourceLimitException;
import dev.jinn.UnsafeModelException;
import dev.jinn.UnsupportedOperatorException;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Attribute;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Model;
import dev.jinn.onnx.proto.Onnx.AttributeProto;
import dev.jinn.onnx.proto.Onnx.GraphProto;
import dev.jinn.onnx.proto.Onnx.ModelProto;
import dev.jinn.onnx.proto.Onnx.NodeProto;
import dev.jinn.onnx.proto.Onnx.OperatorSetIdProto;
import dev.jinn.onnx.proto.Onnx.TensorProto;
import dev.jinn.onnx.proto.Onnx.ValueInfoProto;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models that are broken or built to hurt: each must fail with the right Jinn exception, naming the
 * model and the node or tensor at fault, without a JVM error and without allocating what a header
 * claims.
 */
class HostileModelTest {
    private static final long TERA_ELEMENTS = 1L << 60;

    @TempDir
    Path dir;

    // ---- files that are not ONNX at all ----

    @Test
    void emptyFileIsMalformed() {
        Path p = TestFiles.write(dir, "empty.onnx", new byte[0]);
        assertFails(MalformedModelException.class, () -> ModelLoader.load(p), "empty.onnx", "empty");
    }

    @Test
    void missingFileIsMalformed() {
        assertFails(MalformedModelException.class, () -> ModelLoader.load(dir.resolve("nope.onnx")), "nope.onnx", "no such file");
    }

    @Test
    void truncatedFileIsMalformedAtEveryLength() {
        byte[] full = new ModelBuilder("g").input("x", DataType.FLOAT, 4).output("y", DataType.FLOAT, 4)
                .initializer("w", Tensor.of(new float[64], 64))
                .node("Identity", List.of("x"), List.of("y"), Map.of()).toBytes();
        ModelLoader.load(full, "full"); // the untruncated model is valid
        Path half = TestFiles.write(dir, "half.onnx", Arrays.copyOf(full, full.length / 2));
        assertFails(MalformedModelException.class, () -> ModelLoader.load(half), "half.onnx", "not a valid ONNX protobuf");
        // Every prefix, including those that end on a field boundary, is refused as malformed.
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            String label = "cut" + len;
            MalformedModelException e = assertThrows(MalformedModelException.class, () -> ModelLoader.load(cut, label),
                    "prefix of " + len + " bytes");
            assertTrue(e.getMessage().contains("'" + label + "'"), e.getMessage());
        }
    }

    @Test
    void randomBytesAreMalformed() {
        Random rnd = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] junk = new byte[1 + rnd.nextInt(4096)];
            rnd.nextBytes(junk);
            String label = "junk" + i;
            MalformedModelException e = assertThrows(MalformedModelException.class, () -> ModelLoader.load(junk, label),
                    "random bytes #" + i);
            assertTrue(e.getMessage().startsWith("model '" + label + "'"), e.getMessage());
        }
    }

    // ---- tensors whose header and data disagree ----

    @Test
    void shortRawDataNamesTensorAndBothSizes() {
        TensorProto w = raw("weights", DataType.FLOAT, new byte[60], 4, 4);
        Path p = TestFiles.write(dir, "short.onnx", withInitializer(w));
        assertFails(MalformedModelException.class, () -> ModelLoader.load(p),
                "short.onnx", "tensor 'weights'", "raw_data holds 60 bytes", "need 64");
    }

    @Test
    void longRawDataIsMalformed() {
        TensorProto w = raw("weights", DataType.FLOAT, new byte[68], 4, 4);
        assertFails(MalformedModelException.class, () -> ModelLoader.load(withInitializer(w).toByteArray(), "long"),
                "tensor 'weights'", "holds 68 bytes", "need 64");
    }

    @Test
    void negativeDimIsMalformed() {
        TensorProto w = raw("neg", DataType.FLOAT, new byte[0], 2, -3);
        assertFails(MalformedModelException.class, () -> ModelLoader.load(withInitializer(w).toByteArray(), "negdims"),
                "'negdims'", "tensor 'neg'", "dim 1 is negative (-3)");
    }

    @Test
    void overflowingDimsAreMalformed() {
        TensorProto w = raw("huge", DataType.FLOAT, new byte[0], 1L << 40, 1L << 40);
        assertFails(MalformedModelException.class, () -> ModelLoader.load(withInitializer(w).toByteArray(), "overflow"),
                "tensor 'huge'", "overflow a 64-bit element count");
        // The element count fits a long, the byte count does not.
        TensorProto d = raw("bytes", DataType.DOUBLE, new byte[0], 1L << 61);
        assertFails(MalformedModelException.class, () -> ModelLoader.load(withInitializer(d).toByteArray(), "overflow"),
                "tensor 'bytes'", "overflow");
    }

    @Test
    void dimBeyondIntRangeIsRefusedEvenWithZeroElements() {
        TensorProto w = raw("wide", DataType.FLOAT, new byte[0], 0, 1L << 40);
        assertFails(ResourceLimitException.class, () -> ModelLoader.load(withInitializer(w).toByteArray(), "wide"),
                "tensor 'wide'", "dim 1 is 1099511627776");
    }

    @Test
    void terabyteClaimWithoutDataIsMalformedWhateverTheBudget() {
        TensorProto w = TensorProto.newBuilder().setName("tera").setDataType(DataType.FLOAT.code())
                .addDims(1 << 20).addDims(1 << 20).addDims(1 << 20).build();
        byte[] model = withInitializer(w).toByteArray();
        for (LoadOptions o : List.of(LoadOptions.defaults(), LoadOptions.defaults().withMaxTensorBytes(1 << 20))) {
            assertFails(MalformedModelException.class, () -> ModelLoader.load(model, "tera", null, o),
                    "tensor 'tera'", "float_data holds 0 values", "need " + TERA_ELEMENTS);
        }
    }

    @Test
    void claimsThatFitTheBudgetButLackDataAllocateNothing() {
        // 4 GiB of float and of string references are under the default 8 GiB budget and fit a Java
        // array; with -Xmx4g an allocation before the data check would be an OutOfMemoryError.
        for (DataType t : List.of(DataType.FLOAT, DataType.STRING, DataType.INT64, DataType.FLOAT16, DataType.INT4)) {
            TensorProto w = TensorProto.newBuilder().setName("big").setDataType(t.code()).addDims(1 << 30).build();
            assertFails(MalformedModelException.class, () -> ModelLoader.load(withInitializer(w).toByteArray(), "big"),
                    "tensor 'big'", "holds 0 values");
        }
    }

    @Test
    void consistentClaimOverBudgetIsResourceLimit() {
        TensorProto rawW = raw("w", DataType.FLOAT, new byte[4 << 20], 1024, 1024);
        Path p = TestFiles.write(dir, "big.onnx", withInitializer(rawW));
        assertFails(ResourceLimitException.class, () -> ModelLoader.load(p, LoadOptions.defaults().withMaxTensorBytes(1 << 20)),
                "big.onnx", "tensor 'w'", "needs 4194304 bytes", "budget of 1048576");
        assertEquals(1 << 20, ModelLoader.load(p).graph().initializers().get("w").size());

        TensorProto.Builder typed = TensorProto.newBuilder().setName("t").setDataType(DataType.FLOAT.code()).addDims(1000);
        for (int i = 0; i < 1000; i++) typed.addFloatData(i);
        assertFails(ResourceLimitException.class, () -> ModelLoader.load(withInitializer(typed.build()).toByteArray(), "typed",
                null, LoadOptions.defaults().withMaxTensorBytes(1000)), "tensor 't'", "needs 4000 bytes");

        // The budget covers all tensors together, not each alone.
        ModelProto two = withInitializers(raw("a", DataType.FLOAT, new byte[800], 200), raw("b", DataType.FLOAT, new byte[800], 200));
        assertFails(ResourceLimitException.class, () -> ModelLoader.load(two.toByteArray(), "two", null,
                LoadOptions.defaults().withMaxTensorBytes(1200)), "tensor 'b'", "800 already used");
    }

    @Test
    void sessionWithSmallLoadBudgetFailsWithoutThreads() {
        Path p = TestFiles.write(dir, "budget.onnx", withInitializer(raw("w", DataType.FLOAT, new byte[4096], 1024)));
        Set<Thread> before = TestFiles.poolThreads();
        assertFails(ResourceLimitException.class,
                () -> Session.create(p, SessionOptions.defaults().withThreads(4).withLoadBudget(1024)), "budget.onnx", "tensor 'w'");
        assertEquals(Set.of(), difference(TestFiles.poolThreads(), before));
    }

    @Test
    void unknownDataTypeIsMalformed() {
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(99).addDims(1).build();
        assertFails(MalformedModelException.class, () -> ModelLoader.load(withInitializer(w).toByteArray(), "dtype"),
                "tensor 'w'", "unknown data_type 99");
    }

    // ---- graphs that break ONNX's rules ----

    @Test
    void danglingInputNamesNodeAndValue() {
        ModelProto m = new ModelBuilder("g").input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT, 2)
                .node("", "Add", List.of("x", "ghost"), List.of("y"), Map.of(), "adder").build();
        Path p = TestFiles.write(dir, "dangling.onnx", m);
        assertFails(MalformedModelException.class, () -> ModelLoader.load(p),
                "dangling.onnx", "node 'adder' (Add)", "input 'ghost'", "not a graph input, an initializer, or the output of any node");
    }

    @Test
    void cycleNamesExactlyTheNodesInIt() {
        ModelProto m = new ModelBuilder("g").input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT, 2)
                .node("", "Abs", List.of("v3"), List.of("y"), Map.of(), "after")
                .node("", "Add", List.of("x", "v3"), List.of("v1"), Map.of(), "first")
                .node("", "Relu", List.of("v1"), List.of("v2"), Map.of(), "second")
                .node("", "Neg", List.of("v2"), List.of("v3"), Map.of(), "third").build();
        MalformedModelException e = assertFails(MalformedModelException.class, () -> ModelLoader.load(m.toByteArray(), "cyclic"),
                "'cyclic'", "cycle", "node 'first' (Add) -> node 'second' (Relu) -> node 'third' (Neg) -> node 'first' (Add)");
        assertFalse(e.getMessage().contains("'after'"), "a node downstream of the cycle is not part of it: " + e.getMessage());
    }

    @Test
    void nodeReadingItsOwnOutputIsACycle() {
        ModelProto m = new ModelBuilder("g").input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT, 2)
                .node("", "Add", List.of("x", "y"), List.of("y"), Map.of(), "loop").build();
        assertFails(MalformedModelException.class, () -> ModelLoader.load(m.toByteArray(), "self"),
                "node 'loop' (Add) -> node 'loop' (Add)");
    }

    @Test
    void unsortedButAcyclicGraphIsSorted() {
        ModelProto m = new ModelBuilder("g").input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT, 2)
                .node("", "Relu", List.of("v"), List.of("y"), Map.of(), "second")
                .node("", "Abs", List.of("x"), List.of("v"), Map.of(), "first").build();
        Model model = ModelLoader.load(m.toByteArray(), "unsorted");
        assertEquals(List.of("first", "second"), model.graph().nodes().stream().map(n -> n.name()).toList());
    }

    @Test
    void unknownOpsetVersionNamesDomainVersionAndNewest() {
        ModelProto m = identity().opset("", 99).build();
        Path p = TestFiles.write(dir, "future.onnx", m);
        assertFails(MalformedModelException.class, () -> ModelLoader.load(p), "future.onnx", "ai.onnx", "version 99", "newest", "28");
    }

    @Test
    void duplicateInitializersAreMalformed() {
        ModelProto m = withInitializers(raw("w", DataType.FLOAT, new byte[4], 1), raw("w", DataType.FLOAT, new byte[8], 2));
        assertFails(MalformedModelException.class, () -> ModelLoader.load(m.toByteArray(), "dupinit"),
                "'dupinit'", "initializer 'w' is defined twice");
    }

    @Test
    void valueProducedTwiceNamesBothNodes() {
        ModelProto m = new ModelBuilder("g").input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT, 2)
                .node("", "Relu", List.of("x"), List.of("y"), Map.of(), "one")
                .node("", "Abs", List.of("x"), List.of("y"), Map.of(), "two").build();
        assertFails(MalformedModelException.class, () -> ModelLoader.load(m.toByteArray(), "twice"),
                "value 'y' is produced twice", "node 'one' (Relu)", "node 'two' (Abs)");
    }

    @Test
    void nodeOutputRedefiningAnInputIsMalformed() {
        ModelProto m = new ModelBuilder("g").input("x", DataType.FLOAT, 2).output("x", DataType.FLOAT, 2)
                .node("", "Relu", List.of("x"), List.of("x"), Map.of(), "clobber").build();
        assertFails(MalformedModelException.class, () -> ModelLoader.load(m.toByteArray(), "redefine"),
                "node 'clobber' (Relu)", "output 'x' redefines a graph input");
    }

    @Test
    void nodeInDomainNotImportedIsMalformed() {
        ModelProto m = new ModelBuilder("g").input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT, 2)
                .node("com.example", "Baz", List.of("x"), List.of("y"), Map.of(), "baz").build();
        assertFails(MalformedModelException.class, () -> ModelLoader.load(m.toByteArray(), "nodomain"),
                "node 'baz' (com.example::Baz)", "domain 'com.example' is not imported");
    }

    @Test
    void onnxNodeWithoutOnnxImportIsMalformed() {
        ModelProto built = identity().build();
        ModelProto m = built.toBuilder().clearOpsetImport()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.example").setVersion(1)).build();
        assertFails(MalformedModelException.class, () -> ModelLoader.load(m.toByteArray(), "noonnx"),
                "(Identity)", "domain 'ai.onnx' is not imported");
    }

    @Test
    void badAttributesNameNodeAndAttribute() {
        AttributeProto axis = ModelBuilder.attribute("axis", 1);
        ModelProto twice = withNodeAttributes(axis, axis);
        assertFails(MalformedModelException.class, () -> ModelLoader.load(twice.toByteArray(), "attrs"),
                "node 'n'", "attribute 'axis' is given twice");
        ModelProto lying = withNodeAttributes(axis.toBuilder().clearI().setF(1.5f).build());
        assertFails(MalformedModelException.class, () -> ModelLoader.load(lying.toByteArray(), "attrs"),
                "attribute 'axis'", "declared type INT but holds a FLOAT value");
        ModelProto nameless = withNodeAttributes(axis.toBuilder().clearName().build());
        assertFails(MalformedModelException.class, () -> ModelLoader.load(nameless.toByteArray(), "attrs"),
                "node 'n'", "attribute without a name");
        ModelProto empty = withNodeAttributes(AttributeProto.newBuilder().setName("axis").build());
        assertFails(MalformedModelException.class, () -> ModelLoader.load(empty.toByteArray(), "attrs"),
                "attribute 'axis'", "no type and no value");
    }

    @Test
    void attributeReferenceOutsideAFunctionIsMalformed() {
        // Found by ModelFuzzTest: a reference has no value, and the checker read one for GRAPH and GRAPHS.
        for (AttributeProto.AttributeType type : List.of(AttributeProto.AttributeType.GRAPH,
                AttributeProto.AttributeType.GRAPHS, AttributeProto.AttributeType.INT)) {
            ModelProto m = withNodeAttributes(AttributeProto.newBuilder().setName("axis").setType(type)
                    .setRefAttrName("outer_axis").build());
            assertFails(MalformedModelException.class, () -> ModelLoader.load(m.toByteArray(), "ref"),
                    "'ref'", "node 'n' (Softmax)", "attribute 'axis' refers to attribute 'outer_axis'", "not in a function");
        }
    }

    private static ModelProto withNodeAttributes(AttributeProto... attrs) {
        ModelProto m = new ModelBuilder("g").input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT, 2)
                .node("", "Softmax", List.of("x"), List.of("y"), Map.of(), "n").build();
        NodeProto.Builder node = m.getGraph().getNode(0).toBuilder();
        for (AttributeProto a : attrs) node.addAttribute(a);
        return m.toBuilder().setGraph(m.getGraph().toBuilder().setNode(0, node)).build();
    }

    @Test
    void folderInsteadOfFileIsMalformed() {
        assertFails(MalformedModelException.class, () -> ModelLoader.load(dir), dir.toString(), "cannot read");
    }

    @Test
    void checkerReportsEveryProblemAtOnce() {
        ModelProto m = new ModelBuilder("g").opset("", 99).input("x", DataType.FLOAT, 2)
                .output("y", DataType.FLOAT, 2).output("lost", DataType.FLOAT, 2)
                .node("", "Add", List.of("x", "ghost"), List.of("y"), Map.of(), "adder")
                .node("com.example", "Baz", List.of("x"), List.of("z"), Map.of(), "baz").build();
        Path p = TestFiles.write(dir, "many.onnx", m);
        assertFails(MalformedModelException.class, () -> ModelLoader.load(p), "many.onnx", "4 problems",
                "version 99", "input 'ghost'", "domain 'com.example' is not imported", "output 'lost' is not produced");
    }

    @Test
    void unknownOperatorsLoadButSessionListsThemAll() {
        ModelProto m = new ModelBuilder("g").opset("com.example", 1).input("x", DataType.FLOAT, 2)
                .output("y", DataType.FLOAT, 2)
                .node("", "FooBar", List.of("x"), List.of("t"), Map.of(), "foo")
                .node("com.example", "Baz", List.of("t"), List.of("y"), Map.of(), "baz").build();
        Path p = TestFiles.write(dir, "unknown.onnx", m);
        Model model = ModelLoader.load(p);
        assertEquals(2, model.graph().nodes().size());

        Set<Thread> before = TestFiles.poolThreads();
        UnsupportedOperatorException e = assertFails(UnsupportedOperatorException.class,
                () -> Session.create(p, SessionOptions.defaults().withThreads(4)),
                "unknown.onnx", "2 unsupported operator(s)", "ai.onnx::FooBar", "foo", "com.example::Baz", "baz");
        assertEquals(List.of("FooBar", "Baz"), e.missing().stream().map(UnsupportedOperatorException.Missing::opType).toList());
        assertEquals(Set.of(), difference(TestFiles.poolThreads(), before), "a failed Session.create left threads");
    }

    @Test
    void emptyRequiredInputsAreRefusedBeforeAnyKernelRuns() {
        // Found by ModelFuzzTest: with a required input left empty, these kernels threw
        // NullPointerException or ArrayIndexOutOfBoundsException mid-run.
        Map<String, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("Where", List.of("c", "", "x"));
        cases.put("CastLike", List.of("x", ""));
        cases.put("Conv", List.of("x", ""));
        cases.put("Equal", List.of("", "x"));
        cases.put("Elu", List.of(""));
        cases.put("AveragePool", List.of(""));
        cases.put("OneHot", List.of("x", "", "x"));
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            ModelBuilder b = new ModelBuilder("g").input("x", DataType.FLOAT, 1, 1, 2, 2).input("c", DataType.BOOL, 1, 1, 2, 2)
                    .output("y", DataType.FLOAT)
                    .node("", c.getKey(), c.getValue(), List.of("y"), Map.of(), "n");
            int missing = c.getValue().indexOf("");
            Model m = ModelLoader.load(b.toBytes(), "empty-inputs");
            assertFails(MalformedModelException.class, () -> Session.create(m, SessionOptions.defaults().withThreads(1)),
                    "model 'empty-inputs'", "node 'n' (" + c.getKey(), "input " + missing + " is required", "is empty");
        }
        ModelBuilder tooFew = new ModelBuilder("g").input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT)
                .node("", "Add", List.of("x"), List.of("y"), Map.of(), "add");
        assertFails(MalformedModelException.class,
                () -> Session.create(ModelLoader.load(tooFew.toBytes(), "few"), SessionOptions.defaults().withThreads(1)),
                "node 'add' (Add", "input 1 is required", "has only 1 inputs");
    }

    @Test
    void attributesThatOpsCannotReadNameTheNode() {
        // Found by ModelFuzzTest: these escaped Session.create as ArithmeticException and
        // IllegalArgumentException, and while constants were folded as an optimizer "bug".
        Tensor x = Tensor.of(new float[16], 1, 1, 4, 4);
        ModelBuilder pool = new ModelBuilder("g").input("x", DataType.FLOAT, 1, 1, 4, 4).output("y", DataType.FLOAT)
                .node("", "MaxPool", List.of("x"), List.of("y"),
                        Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {1, 1L << 31}), "pool");
        ModelBuilder conv = new ModelBuilder("g").input("x", DataType.FLOAT, 1, 1, 4, 4).output("y", DataType.FLOAT)
                .initializer("w", Tensor.of(new float[4], 1, 1, 2, 2))
                .node("", "Conv", List.of("x", "w"), List.of("y"), Map.of("group", 1L << 32), "conv");
        ModelBuilder constant = new ModelBuilder("g").output("y", DataType.FLOAT)
                .node("", "Constant", List.of(), List.of("y"), Map.of("value", 1L), "c");
        ModelBuilder folded = new ModelBuilder("g").output("y", DataType.FLOAT)
                .initializer("x", x).initializer("w", Tensor.of(new float[4], 1, 1, 2, 2))
                .node("", "Conv", List.of("x", "w"), List.of("y"), Map.of("dilations", new long[] {1L << 32, 1}), "conv");
        Map<ModelBuilder, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put(pool, List.of("node 'pool' (MaxPool", "attribute 'strides': 2147483648 is beyond int"));
        cases.put(conv, List.of("node 'conv' (Conv", "cannot read its attributes", "ArithmeticException"));
        cases.put(constant, List.of("node 'c' (Constant", "attribute 'value': expected TENSOR, got INT"));
        cases.put(folded, List.of("node 'conv' (Conv", "attribute 'dilations': 4294967296 is beyond int"));
        for (Map.Entry<ModelBuilder, List<String>> c : cases.entrySet()) {
            Model m = ModelLoader.load(c.getKey().toBytes(), "attrs");
            for (boolean optimize : new boolean[] {false, true}) {
                String[] parts = java.util.stream.Stream.concat(java.util.stream.Stream.of("model 'attrs'"), c.getValue().stream())
                        .toArray(String[]::new);
                assertFails(MalformedModelException.class,
                        () -> Session.create(m, SessionOptions.defaults().withThreads(1).withOptimize(optimize)), parts);
            }
        }
    }

    // ---- nesting: depth is capped before any recursion ----

    @Test
    void tenNestedIfLevelsLoad() {
        Model m = ModelLoader.load(nestedIfModel(10), "nested10");
        assertEquals(10, ifDepth(m.graph()));
        assertEquals(32, ifDepth(ModelLoader.load(nestedIfModel(32), "nested32").graph()));
    }

    @Test
    void thirtyTwoNestedIfLevelsRun() {
        Tensor x = Tensor.of(new float[] {4.5f}, 1);
        for (int levels : new int[] {10, 32}) {
            try (Session s = Session.create(ModelLoader.load(nestedIfModel(levels), "nested" + levels), SessionOptions.defaults())) {
                for (boolean c : new boolean[] {true, false}) {
                    Tensor y = s.run(Map.of("c", Tensor.of(new boolean[] {c}), "x", x)).get("y0");
                    assertEquals(4.5f, y.floats()[0], levels + " levels, cond " + c);
                }
            }
        }
    }

    @Test
    void handSplicedNestingMatchesTheProtobufEncoding() throws IOException {
        assertEquals(ModelProto.parseFrom(nestedIfModel(3)), nestedIfModelFromBuilders(3));
    }

    @Test
    void thirtyThreeNestedLevelsAreUnsafe() {
        Path p = TestFiles.write(dir, "nested33.onnx", nestedIfModel(33));
        assertFails(UnsafeModelException.class, () -> ModelLoader.load(p), "nested33.onnx", "limit is 32");
    }

    @Test
    void fiveThousandNestedLevelsAreUnsafeWithoutStackOverflow() {
        Path p = TestFiles.write(dir, "nested5000.onnx", nestedIfModel(5000));
        assertFails(UnsafeModelException.class, () -> ModelLoader.load(p), "nested5000.onnx", "32");
        Set<Thread> before = TestFiles.poolThreads();
        assertFails(UnsafeModelException.class, () -> Session.create(p, SessionOptions.defaults().withThreads(4)), "nested5000.onnx");
        assertEquals(Set.of(), difference(TestFiles.poolThreads(), before));
    }

    @Test
    void deeplyNestedUnknownGroupsDoNotOverflowTheStack() {
        // CVE-2024-7254: unknown start-group tags nested without end are skipped recursively.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] startGroup = {(byte) 0xA3, 0x06}; // field 100, wire type 3
        for (int i = 0; i < 200_000; i++) out.writeBytes(startGroup);
        JinnException e = assertThrows(JinnException.class, () -> ModelLoader.load(out.toByteArray(), "groups"));
        assertTrue(e instanceof UnsafeModelException || e instanceof MalformedModelException, e.toString());
        assertTrue(e.getMessage().startsWith("model 'groups'"), e.getMessage());
    }

    // ---- helpers ----

    private static ModelBuilder identity() {
        return new ModelBuilder("g").input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT, 2)
                .node("Identity", List.of("x"), List.of("y"), Map.of());
    }

    static TensorProto raw(String name, DataType t, byte[] data, long... dims) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(t.code()).setRawData(ByteString.copyFrom(data));
        for (long d : dims) b.addDims(d);
        return b.build();
    }

    /** A model whose outputs are its initializers, through Identity nodes. */
    static ModelProto withInitializers(TensorProto... inits) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g");
        for (int i = 0; i < inits.length; i++) {
            g.addInitializer(inits[i]);
            g.addNode(NodeProto.newBuilder().setOpType("Identity").setName("id" + i).addInput(inits[i].getName()).addOutput("y" + i));
            g.addOutput(ValueInfoProto.newBuilder().setName("y" + i));
        }
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).build();
    }

    static ModelProto withInitializer(TensorProto init) {
        return withInitializers(init);
    }

    private static Set<Thread> difference(Set<Thread> after, Set<Thread> before) {
        Set<Thread> d = new java.util.HashSet<>(after);
        d.removeAll(before);
        return d;
    }

    private static int ifDepth(Graph g) {
        int depth = 0;
        while (true) {
            Attribute then = g.nodes().get(0).attribute("then_branch");
            if (then == null) return depth;
            g = then.g();
            depth++;
        }
    }

    /**
     * A model whose main graph holds an If whose then_branch holds an If, {@code levels} deep; the
     * innermost branch is an Identity of the outer input x. Written by hand, because protobuf's own
     * serializer recurses once per level: each level is its fixed fields followed by the nested
     * message as the last field, so the file is every level's head in order, then the leaf graph.
     */
    static byte[] nestedIfModel(int levels) {
        byte[] leaf = leafGraph("g" + levels, "y" + levels).toByteArray();
        byte[][] heads = new byte[levels][];
        int inner = leaf.length; // bytes of the graph nested at level k + 1
        for (int k = levels - 1; k >= 0; k--) {
            byte[] attr = head(AttributeProto.newBuilder().setName("then_branch")
                    .setType(AttributeProto.AttributeType.GRAPH).build().toByteArray(), 6, inner); // AttributeProto.g
            byte[] node = head(ifNode(k, leafGraph("e" + (k + 1), "y" + (k + 1))).build().toByteArray(), 5,
                    attr.length + inner); // NodeProto.attribute
            GraphProto shell = k == 0 ? mainShell() : GraphProto.newBuilder().setName("g" + k)
                    .addOutput(ValueInfoProto.newBuilder().setName("y" + k)).build();
            byte[] graph = head(shell.toByteArray(), 1, node.length + attr.length + inner); // GraphProto.node
            heads[k] = concat(concat(graph, node), attr);
            inner += heads[k].length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(inner + 64);
        out.writeBytes(head(ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).build().toByteArray(), 7, inner)); // ModelProto.graph
        for (byte[] h : heads) out.writeBytes(h);
        out.writeBytes(leaf);
        return out.toByteArray();
    }

    /** The same model as {@link #nestedIfModel}, built the ordinary way (only for small depths). */
    private static ModelProto nestedIfModelFromBuilders(int levels) {
        GraphProto graph = leafGraph("g" + levels, "y" + levels);
        for (int k = levels - 1; k >= 0; k--) {
            NodeProto node = ifNode(k, leafGraph("e" + (k + 1), "y" + (k + 1)))
                    .addAttribute(AttributeProto.newBuilder().setName("then_branch").setType(AttributeProto.AttributeType.GRAPH).setG(graph))
                    .build();
            GraphProto.Builder shell = (k == 0 ? mainShell() : GraphProto.newBuilder().setName("g" + k)
                    .addOutput(ValueInfoProto.newBuilder().setName("y" + k)).build()).toBuilder();
            graph = shell.addNode(node).build();
        }
        return ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(graph).build();
    }

    private static NodeProto.Builder ifNode(int k, GraphProto elseBranch) {
        return NodeProto.newBuilder().setOpType("If").setName("if" + k).addInput("c").addOutput("y" + k)
                .addAttribute(AttributeProto.newBuilder().setName("else_branch").setType(AttributeProto.AttributeType.GRAPH).setG(elseBranch));
    }

    private static GraphProto mainShell() {
        return GraphProto.newBuilder().setName("g0")
                .addInput(ModelBuilder.valueInfo("c", DataType.BOOL))
                .addInput(ModelBuilder.valueInfo("x", DataType.FLOAT, 1))
                .addOutput(ModelBuilder.valueInfo("y0", DataType.FLOAT, 1)).build();
    }

    private static GraphProto leafGraph(String name, String out) {
        return GraphProto.newBuilder().setName(name)
                .addNode(NodeProto.newBuilder().setOpType("Identity").setName(name + "_id").addInput("x").addOutput(out))
                .addOutput(ValueInfoProto.newBuilder().setName(out)).build();
    }

    /** {@code fixed}, then the tag and length of a length-delimited field whose payload follows. */
    private static byte[] head(byte[] fixed, int field, int payloadLength) {
        byte[] out = Arrays.copyOf(fixed, fixed.length + CodedOutputStream.computeTagSize(field)
                + CodedOutputStream.computeUInt32SizeNoTag(payloadLength));
        try {
            CodedOutputStream c = CodedOutputStream.newInstance(out, fixed.length, out.length - fixed.length);
            c.writeTag(field, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
            c.writeUInt32NoTag(payloadLength);
            c.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
