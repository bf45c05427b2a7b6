package dev.jinn.exec;

import static dev.jinn.testing.Assertions.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.InvalidInputException;
import dev.jinn.UnsupportedOperatorException;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.ops.OpRegistry;
import dev.jinn.providers.JavaProvider;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.testing.TestFiles;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Session.run's input checks, custom-domain operators, and what close() leaves behind. */
class SessionTest {
    static final String TEST_DOMAIN = "test.jinn";

    private final AtomicInteger calls = new AtomicInteger();

    /** A registry with test.jinn::Count, which counts its runs and returns its first input. */
    private JavaProvider countingProvider() {
        OpRegistry r = new OpRegistry().add(TEST_DOMAIN, "Count", node -> (in, ctx) -> {
            calls.incrementAndGet();
            return new Tensor[] {in[0]};
        }, 1);
        return new JavaProvider(r);
    }

    /** a and b are [batch, 4] float; c is [4] float with an initializer, so it may be left out. */
    private Session countingSession() {
        var model = new ModelBuilder("g").opset(TEST_DOMAIN, 1)
                .input("a", DataType.FLOAT, "batch", 4).input("b", DataType.FLOAT, "batch", 4).input("c", DataType.FLOAT, 4)
                .initializer("c", Tensor.of(new float[4], 4))
                .output("y", DataType.FLOAT, "batch", 4)
                .node(TEST_DOMAIN, "Count", List.of("a", "b", "c"), List.of("y"), Map.of(), "counter").toBytes();
        return Session.create(ModelLoader.load(model, "count.onnx"),
                SessionOptions.defaults().withThreads(2).withProviders(List.of(countingProvider())));
    }

    @Test
    void aProfilingSessionTimesEachNodeAndResets() {
        var model = new ModelBuilder("g").opset("", 17).input("x", DataType.FLOAT, 2, 4).output("y", DataType.FLOAT, 2, 4)
                .node("Relu", List.of("x"), List.of("r"), Map.of()).node("Neg", List.of("r"), List.of("y"), Map.of()).toBytes();
        Tensor x = Tensor.of(new float[] {1, -2, 3, -4, 5, -6, 7, -8}, 2, 4);
        try (Session plain = Session.create(ModelLoader.load(model, "two.onnx"), SessionOptions.defaults())) {
            plain.run(Map.of("x", x));
            assertTrue(plain.profile().isEmpty(), "profiling is off by default");
        }
        try (Session s = Session.create(ModelLoader.load(model, "two.onnx"), SessionOptions.defaults().withProfiling(true))) {
            for (int i = 0; i < 3; i++) s.run(Map.of("x", x)).close();
            Profile p = s.profile().orElseThrow();
            List<Profile.Entry> entries = p.entries();
            assertEquals(2, entries.size(), entries.toString());
            assertEquals(java.util.Set.of("Relu", "Neg"), entries.stream().map(Profile.Entry::opType).collect(java.util.stream.Collectors.toSet()));
            for (Profile.Entry e : entries) {
                assertEquals(3, e.calls(), e.toString());
                assertTrue(e.nanos() > 0, e.toString());
                assertTrue(e.where().contains("(" + e.opType() + ")"), e.where());
            }
            assertTrue(entries.get(0).nanos() >= entries.get(1).nanos(), "longest first: " + entries);
            p.reset();
            assertTrue(p.entries().isEmpty());
        }
    }

    @Test
    void aNodeWithTooFewInputsFailsNamingTheNode() {
        var model = new ModelBuilder("g").input("a", DataType.FLOAT, 2)
                .output("y", DataType.FLOAT, 2)
                .node("", "Add", List.of("a"), List.of("y"), Map.of(), "half_add").toBytes();
        // Refused when the session is made, before any run reaches the kernel.
        var e = assertThrows(dev.jinn.MalformedModelException.class,
                () -> Session.create(ModelLoader.load(model, "half.onnx"), SessionOptions.defaults().withOptimize(false)));
        assertTrue(e.getMessage().contains("node 'half_add' (Add"), e.getMessage());
        assertTrue(e.getMessage().contains("input 1 is required by Add-14 but the node has only 1 inputs"), e.getMessage());
    }

    @Test
    void validInputsRunTheKernelOnce() {
        try (Session s = countingSession()) {
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
            Result r = s.run(Map.of("a", a, "b", Tensor.zeros(DataType.FLOAT, 2, 4)));
            assertEquals(1, calls.get());
            assertArrayEquals(a.floats(), r.get("y").floats());
            s.run(Map.of("a", a, "b", a, "c", Tensor.of(new float[] {1, 1, 1, 1}, 4)));
            assertEquals(2, calls.get(), "an input with an initializer may also be fed");
        }
    }

    @Test
    void badInputsAreRefusedBeforeAnyKernelRuns() {
        Tensor ok = Tensor.zeros(DataType.FLOAT, 2, 4);
        try (Session s = countingSession()) {
            refused(() -> s.run(Map.of("a", ok, "b", ok, "zz", ok)), "count.onnx", "unknown input 'zz'", "[a, b, c]");
            refused(() -> s.run(Map.of("a", ok)), "count.onnx", "missing input 'b'", "float32[batch,4]");
            refused(() -> s.run(Map.of("a", Tensor.zeros(DataType.INT64, 2, 4), "b", ok)),
                    "input 'a'", "expected dtype float32, got int64");
            refused(() -> s.run(Map.of("a", Tensor.zeros(DataType.FLOAT, 8), "b", ok)),
                    "input 'a'", "float32[batch,4] (rank 2)", "got [8]");
            refused(() -> s.run(Map.of("a", ok, "b", Tensor.zeros(DataType.FLOAT, 2, 5))),
                    "input 'b'", "expected shape float32[batch,4]", "got [2, 5]", "dim 1 must be 4");
            refused(() -> s.run(Map.of("a", ok, "b", Tensor.zeros(DataType.FLOAT, 3, 4))),
                    "input 'b'", "dim 0 ('batch') is 3", "bound 'batch' to 2");
            refused(() -> s.run(Map.of("a", ok, "b", ok, "c", Tensor.zeros(DataType.FLOAT, 5))),
                    "input 'c'", "dim 0 must be 4");
            Map<String, Tensor> withNull = new HashMap<>(Map.of("a", ok));
            withNull.put("b", null);
            refused(() -> s.run(withNull), "input 'b' is null");
            assertEquals(0, calls.get(), "a kernel ran for a refused input");
        }
    }

    private static void refused(Executable run, String... parts) {
        assertFails(InvalidInputException.class, run, parts);
    }

    @Test
    void customDomainOperatorsResolveByTheirOwnVersions() {
        OpRegistry r = new OpRegistry().add(TEST_DOMAIN, "Count", node -> (in, ctx) -> in, 1, 3);
        assertEquals(1, r.resolve(TEST_DOMAIN, "Count", 1).version());
        assertEquals(1, r.resolve(TEST_DOMAIN, "Count", 2).version());
        assertEquals(3, r.resolve(TEST_DOMAIN, "Count", 7).version());
        assertNotNull(r.resolve(TEST_DOMAIN, "Count", 7).factory());

        OpRegistry later = new OpRegistry().add(TEST_DOMAIN, "Count", node -> (in, ctx) -> in, 2);
        OpRegistry.Resolution none = later.resolve(TEST_DOMAIN, "Count", 1);
        assertNull(none.factory());
        assertTrue(none.reason().contains("versions [2]") && none.reason().contains("opset 1"), none.reason());
        assertTrue(later.resolve(TEST_DOMAIN, "Other", 1).reason().contains("not an operator of test.jinn"));
    }

    @Test
    void operatorMissingFromACustomRegistryIsUnsupportedAndStartsNoThreads() {
        var model = new ModelBuilder("g").opset(TEST_DOMAIN, 1).input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT, 2)
                .node(TEST_DOMAIN, "Count", List.of("x"), List.of("t"), Map.of(), "counter")
                .node(TEST_DOMAIN, "Missing", List.of("t"), List.of("y"), Map.of(), "absent").toBytes();
        Set<Thread> before = TestFiles.poolThreads();
        UnsupportedOperatorException e = assertFails(UnsupportedOperatorException.class,
                () -> Session.create(ModelLoader.load(model, "custom.onnx"),
                        SessionOptions.defaults().withThreads(4).withProviders(List.of(countingProvider()))),
                "custom.onnx", "1 unsupported operator(s)", "test.jinn::Missing-1", "absent");
        assertEquals(1, e.missing().size());
        assertEquals(Set.of(), newThreads(before));
    }

    @Test
    void closeIsIdempotentAndLaterRunsThrow() {
        Session s = countingSession();
        Tensor ok = Tensor.zeros(DataType.FLOAT, 1, 4);
        s.run(Map.of("a", ok, "b", ok));
        s.close();
        s.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.run(Map.of("a", ok, "b", ok)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals(1, calls.get());
    }

    @Test
    void closeEndsThePoolThreads() throws InterruptedException {
        Set<Thread> before = TestFiles.poolThreads();
        Session s = Session.create(ModelLoader.load(ConcurrencyTest.layerNormModel(), "ln.onnx"),
                SessionOptions.defaults().withThreads(4));
        // [256, 768] is enough work for parallelFor to use the pool.
        s.run(Map.of("x", ConcurrencyTest.randomInput(1)));
        Set<Thread> started = newThreads(before);
        assertFalse(started.isEmpty(), "the run used no pool threads, so this test proves nothing");
        s.close();
        for (Thread t : started) t.join(60_000);
        for (Thread t : started) assertFalse(t.isAlive(), t + " outlived close()");
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        Set<Thread> now = new HashSet<>(TestFiles.poolThreads());
        now.removeAll(before);
        return now;
    }
}
