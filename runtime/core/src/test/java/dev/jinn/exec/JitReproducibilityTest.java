package dev.jinn.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.ir.Domains;
import dev.jinn.ir.Model;
import dev.jinn.kernels.Kernels;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.testing.BackendCase;
import dev.jinn.testing.OneNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same inputs give the same bits whatever state the JIT is in: on the first run of a cold JVM,
 * under C1 alone, in the interpreter, and once C2 has compiled everything. Code whose bits change
 * when C2 takes over (the Vector API's transcendental {@code lanewise} ops, which C2 swaps for
 * its own routines, or a {@code reduceLanes} whose order C2 picks) breaks this; all-MiniLM-L6-v2 on
 * a fixed input moved by up to 1.9e-6 between a session's first runs before such code went.
 *
 * <p>Child JVMs run the cases ({@link #main}) and print a hash of every output bit; this JVM runs them
 * warm, interleaved, long enough for C2 to compile the kernels they share. The interpreter takes
 * only the cases small enough for it.
 */
class JitReproducibilityTest {
    /** Runs of each case in a warm JVM: enough for C2 to compile the kernels every small case uses. */
    private static final int WARM_RUNS = 200;
    private static final String MARK = "jit-hash\t";

    @TempDir
    static Path dir;
    private static Map<String, Hashes> warm;
    private static String kernels;
    private static Child interpreter, c1, fresh;

    /** The bits of a case's outputs on its first and on its last run. */
    private record Hashes(long first, long last) {}

    /** A session on one model, with its inputs, built only in a JVM that runs the case. */
    private record Loaded(Model model, Map<String, Tensor> inputs) {}

    /**
     * One model and input. {@code runs} is its run count in a warm JVM; {@code interpreted} and
     * {@code c1} say whether it runs in -Xint and in C1, which compiles no Vector API op to SIMD
     * (ResNet-50 takes most of a minute in C1, and far longer interpreted).
     */
    private record Case(String name, boolean interpreted, boolean c1, int runs, Supplier<Loaded> load) {}

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("transformer block", true, true, WARM_RUNS, JitReproducibilityTest::transformer));
        cases.add(new Case("java.lang.Math ops", true, true, WARM_RUNS, JitReproducibilityTest::mathOps));
        normCases(cases);
        // Each run of these is long enough for C2 to compile its loops within a few runs.
        cases.add(new Case("light_resnet50", false, true, 5, JitReproducibilityTest::resnet50));
        cases.add(new Case("all-MiniLM-L6-v2", false, true, 50, JitReproducibilityTest::miniLm));
        return cases;
    }

    @BeforeAll
    static void runEverywhere() throws Exception {
        List<Case> all = cases();
        interpreter = Child.start("interpreter", List.of("-Xint"), false, all.stream().filter(Case::interpreted).map(Case::name).toList());
        c1 = Child.start("c1", List.of("-XX:TieredStopAtLevel=1"), false, all.stream().filter(Case::c1).map(Case::name).toList());
        fresh = Child.start("default", List.of(), true, all.stream().map(Case::name).toList());
        kernels = Kernels.get().name();
        warm = run(all, true);
    }

    @Test
    void theWarmJvmGivesTheSameBitsOnEveryRun() {
        List<String> differ = new ArrayList<>();
        warm.forEach((name, h) -> {
            if (h.first() != h.last()) differ.add(name);
        });
        assertEquals(List.of(), differ, "cases whose first and last runs in this JVM differ");
        assertEquals(cases().size(), warm.size());
    }

    @Test
    void theInterpreterGivesTheWarmBits() throws Exception {
        assertSameAsWarm(interpreter, false);
    }

    @Test
    void c1AloneGivesTheWarmBits() throws Exception {
        assertSameAsWarm(c1, false);
    }

    @Test
    void aColdJvmGivesTheWarmBitsOnItsFirstAndLastRuns() throws Exception {
        assertSameAsWarm(fresh, true);
    }

    private static void assertSameAsWarm(Child child, boolean lastToo) throws Exception {
        Map<String, Hashes> got = child.hashes();
        assertEquals(child.cases, List.copyOf(got.keySet()), child.name + " ran other cases");
        List<String> differ = new ArrayList<>();
        got.forEach((name, h) -> {
            long want = warm.get(name).last();
            if (h.first() != want) differ.add(name + " (first run)");
            if (lastToo && h.last() != want) differ.add(name + " (last run)");
        });
        assertEquals(List.of(), differ, "cases whose bits in the " + child.name + " JVM differ from the warm ones");
    }

    /** A child JVM running the named cases; its report is read once it exits. */
    private record Child(String name, List<String> cases, Process process, Path out) {
        static Child start(String name, List<String> flags, boolean warm, List<String> cases) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElseThrow());
            cmd.add("--add-modules=jdk.incubator.vector");
            cmd.add("-Xmx2g");
            cmd.add("-Djinn.testdata=" + BackendCase.root().toAbsolutePath());
            String wanted = System.getProperty("jinn.kernels");
            if (wanted != null) cmd.add("-Djinn.kernels=" + wanted);
            cmd.addAll(flags);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JitReproducibilityTest.class.getName()));
            cmd.add(warm ? "warm" : "cold");
            cmd.addAll(cases);
            Path out = dir.resolve(name + ".txt");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            return new Child(name, cases, p, out);
        }

        Map<String, Hashes> hashes() throws Exception {
            assertTrue(process.waitFor(10, TimeUnit.MINUTES), name + " JVM still running after 10 minutes");
            List<String> lines = Files.readAllLines(out);
            assertEquals(0, process.exitValue(), name + " JVM failed:\n" + String.join("\n", lines));
            Map<String, Hashes> h = new LinkedHashMap<>();
            String childKernels = null;
            for (String line : lines) {
                if (!line.startsWith(MARK)) continue;
                String[] f = line.substring(MARK.length()).split("\t");
                if (f[0].equals("kernels")) childKernels = f[1];
                else h.put(f[0], new Hashes(Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
            // Bits are only comparable between JVMs that run the same kernel set.
            assertEquals(kernels, childKernels, name + " JVM's kernels");
            return h;
        }
    }

    /** Child JVM entry: {@code cold|warm CASE...}; prints the kernel set and each case's hashes. */
    public static void main(String[] args) {
        List<String> names = Arrays.asList(args).subList(1, args.length);
        List<Case> picked = cases().stream().filter(c -> names.contains(c.name())).toList();
        System.out.println(MARK + "kernels\t" + Kernels.get().name());
        run(picked, args[0].equals("warm")).forEach((name, h) -> System.out.println(MARK + name + "\t" + h.first() + "\t" + h.last()));
    }

    /**
     * Runs each case once, then (warm) again in rounds until each has had its {@code runs}, so that the
     * kernels the cases share are compiled by the time the last runs of each come.
     */
    private static Map<String, Hashes> run(List<Case> cases, boolean warm) {
        List<Session> sessions = new ArrayList<>();
        List<Map<String, Tensor>> inputs = new ArrayList<>();
        long[] first = new long[cases.size()], last = new long[cases.size()];
        try {
            for (Case c : cases) {
                Loaded l = c.load().get();
                sessions.add(Session.create(l.model(), SessionOptions.defaults().withThreads(1)));
                inputs.add(l.inputs());
            }
            int rounds = warm ? cases.stream().mapToInt(Case::runs).max().orElse(1) : 1;
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < cases.size(); k++) {
                    if (r >= cases.get(k).runs()) continue;
                    last[k] = hash(sessions.get(k), inputs.get(k));
                    if (r == 0) first[k] = last[k];
                }
            }
        } finally {
            sessions.forEach(Session::close);
        }
        Map<String, Hashes> out = new LinkedHashMap<>();
        for (int k = 0; k < cases.size(); k++) out.put(cases.get(k).name(), new Hashes(first[k], last[k]));
        return out;
    }

    private static long hash(Session s, Map<String, Tensor> inputs) {
        long h = 17;
        try (Result r = s.run(inputs)) {
            for (int i = 0; i < r.size(); i++) {
                for (float v : r.get(i).toFloatArray()) h = h * 31 + Float.floatToRawIntBits(v);
            }
        }
        return h;
    }

    private static Loaded oneNode(String domain, String op, int opset, Map<String, ?> attrs, Tensor[] in, int outputs) {
        String[] outs = new String[outputs];
        for (int i = 0; i < outputs; i++) outs[i] = "out" + i;
        Map<String, Tensor> feed = new LinkedHashMap<>();
        for (int i = 0; i < in.length; i++) feed.put("in" + i, in[i]);
        return new Loaded(ModelLoader.load(OneNode.model(domain, op, opset, attrs, in, outs), op + ".onnx"), feed);
    }

    /**
     * Every normalization op, on rows long enough for the vector loops, rows of 2048 and more (which
     * start at a cache-line lead), and one tensor past 2^20 elements (the pipelined row norms).
     */
    private static void normCases(List<Case> cases) {
        Tensor x = OneNode.gaussian(1, 0.5, 2, 4, 24, 96), s96 = OneNode.gaussian(2, 1, 0.2, 96), b96 = OneNode.gaussian(3, 0, 1, 96);
        Tensor skip = OneNode.gaussian(4, 0, 1, 4, 24, 96);
        Tensor img = OneNode.gaussian(5, 3, 2, 2, 8, 24, 24), c8 = OneNode.gaussian(6, 1, 0.2, 8), d8 = OneNode.gaussian(7, 0, 1, 8);
        Tensor var8 = OneNode.gaussian(8, 2, 0.1, 8);
        Tensor x2056 = OneNode.gaussian(9, 1, 2, 3, 2056), s2056 = OneNode.gaussian(10, 1, 0.2, 2056);
        Tensor xBig = OneNode.gaussian(11, 1e3, 0.5, 1400, 768), s768 = OneNode.gaussian(12, 1, 0.2, 768), b768 = OneNode.gaussian(13, 0, 1, 768);
        String ms = Domains.MICROSOFT;
        Object[][] specs = {
            {"LayerNormalization", Domains.ONNX, "LayerNormalization", 17, Map.of(), new Tensor[] {x, s96, b96}, 3},
            {"LayerNormalization rows of 2056", Domains.ONNX, "LayerNormalization", 17, Map.of(), new Tensor[] {x2056, s2056}, 3},
            {"RMSNormalization", Domains.ONNX, "RMSNormalization", 23, Map.of(), new Tensor[] {x, s96}, 1},
            {"RMSNormalization rows of 2056", Domains.ONNX, "RMSNormalization", 23, Map.of(), new Tensor[] {x2056, s2056}, 1},
            {"SimplifiedLayerNormalization", Domains.ONNX, "SimplifiedLayerNormalization", 1, Map.of(), new Tensor[] {x, s96}, 1},
            {"SkipLayerNormalization", ms, "SkipLayerNormalization", 1, Map.of(), new Tensor[] {x, skip, s96, b96, b96}, 4},
            {"SkipSimplifiedLayerNormalization", ms, "SkipSimplifiedLayerNormalization", 1, Map.of(), new Tensor[] {x, skip, s96}, 1},
            {"BatchNormalization", Domains.ONNX, "BatchNormalization", 15, Map.of(), new Tensor[] {img, c8, d8, d8, var8}, 1},
            {"BatchNormalization training", Domains.ONNX, "BatchNormalization", 15, Map.of("training_mode", 1),
                new Tensor[] {img, c8, d8, d8, var8}, 3},
            {"InstanceNormalization", Domains.ONNX, "InstanceNormalization", 6, Map.of(), new Tensor[] {img, c8, d8}, 1},
            {"GroupNormalization", Domains.ONNX, "GroupNormalization", 21, Map.of("num_groups", 4), new Tensor[] {img, c8, d8}, 1},
            {"MeanVarianceNormalization", Domains.ONNX, "MeanVarianceNormalization", 13, Map.of(), new Tensor[] {img}, 1},
            {"LpNormalization", Domains.ONNX, "LpNormalization", 22, Map.of("axis", 1), new Tensor[] {img}, 1},
            {"LRN", Domains.ONNX, "LRN", 13, Map.of("size", 3), new Tensor[] {img}, 1},
        };
        for (Object[] s : specs) {
            @SuppressWarnings("unchecked")
            Map<String, ?> attrs = (Map<String, ?>) s[4];
            cases.add(new Case((String) s[0], true, true, WARM_RUNS,
                    () -> oneNode((String) s[1], (String) s[2], (Integer) s[3], attrs, (Tensor[]) s[5], (Integer) s[6])));
        }
        cases.add(new Case("LayerNormalization pipelined rows", false, true, 20,
                () -> oneNode(Domains.ONNX, "LayerNormalization", 17, Map.of(), new Tensor[] {xBig, s768, b768}, 1)));
        cases.add(new Case("RMSNormalization pipelined rows", false, true, 20,
                () -> oneNode(Domains.ONNX, "RMSNormalization", 23, Map.of(), new Tensor[] {xBig, s768}, 1)));
    }

    /**
     * One encoder block: single-head attention (MatMul, Transpose, Softmax), residual and
     * LayerNormalization, then a feed-forward layer through every activation with a vector kernel
     * (Gelu both ways, Sigmoid, Tanh, Exp), a second LayerNormalization and a LogSoftmax.
     */
    private static Loaded transformer() {
        int seq = 64, hidden = 64, ffn = 256;
        Random r = new Random(42);
        ModelBuilder b = new ModelBuilder("block").opset(Domains.ONNX, 20)
                .input("X", DataType.FLOAT, 1, seq, hidden).output("Y", DataType.FLOAT, 1, seq, hidden)
                .output("Z", DataType.FLOAT, 1, seq, hidden);
        for (String w : List.of("Wq", "Wk", "Wv")) b.initializer(w, weights(r, hidden, hidden));
        b.initializer("W1", weights(r, hidden, ffn)).initializer("c1", weights(r, ffn)).initializer("W2", weights(r, ffn, hidden));
        b.initializer("g", weights(r, hidden)).initializer("scale", Tensor.scalar(0.125f)).initializer("tenth", Tensor.scalar(0.1f));
        node(b, "MatMul", "X", "Wq", "q").node("MatMul", List.of("X", "Wk"), List.of("k"), Map.of());
        node(b, "MatMul", "X", "Wv", "v").node("Transpose", List.of("k"), List.of("kt"), Map.of("perm", new int[] {0, 2, 1}));
        node(b, "MatMul", "q", "kt", "s0");
        node(b, "Mul", "s0", "scale", "s").node("Softmax", List.of("s"), List.of("p"), Map.of("axis", -1));
        node(b, "MatMul", "p", "v", "a");
        node(b, "Add", "a", "X", "r1").node("LayerNormalization", List.of("r1", "g"), List.of("n1"), Map.of("axis", -1));
        node(b, "MatMul", "n1", "W1", "h0");
        node(b, "Add", "h0", "c1", "h");
        b.node("Gelu", List.of("h"), List.of("ge"), Map.of()).node("Gelu", List.of("h"), List.of("gt"), Map.of("approximate", "tanh"));
        b.node("Sigmoid", List.of("h"), List.of("sg"), Map.of()).node("Tanh", List.of("h"), List.of("th"), Map.of());
        node(b, "Mul", "h", "tenth", "ht").node("Exp", List.of("ht"), List.of("ex"), Map.of());
        b.node("Sum", List.of("ge", "gt", "sg", "th", "ex"), List.of("f"), Map.of());
        node(b, "MatMul", "f", "W2", "o");
        node(b, "Add", "o", "n1", "r2").node("LayerNormalization", List.of("r2", "g"), List.of("Y"), Map.of("axis", -1));
        b.node("LogSoftmax", List.of("Y"), List.of("Z"), Map.of("axis", -1));
        Tensor x = OneNode.gaussian(7, 0, 1, 1, seq, hidden);
        return new Loaded(ModelLoader.load(b.toBytes(), "block.onnx"), Map.of("X", x));
    }

    /**
     * Ops whose float formula is a {@code java.lang.Math} function in double (log, pow, sin, cos, tan,
     * atan, log1p, expm1, tanh, cosh): C2 has intrinsics for several, which must agree with the
     * interpreter's (HotSpot's interpreter and C1 call the same stubs).
     */
    private static Loaded mathOps() {
        List<String> ops = List.of("Log", "Sin", "Cos", "Tan", "Atan", "Softplus", "Mish", "Elu", "Cosh", "Asinh");
        ModelBuilder b = new ModelBuilder("math").opset(Domains.ONNX, 20).input("X", DataType.FLOAT, 32, 256)
                .output("Y", DataType.FLOAT, 32, 256).initializer("p", Tensor.scalar(1.7f));
        List<String> terms = new ArrayList<>(ops.stream().map(String::toLowerCase).toList());
        for (String op : ops) b.node(op, List.of("X"), List.of(op.toLowerCase()), Map.of());
        node(b, "Pow", "X", "p", "pow");
        terms.add("pow");
        b.node("Sum", terms, List.of("Y"), Map.of());
        float[] x = OneNode.gaussian(8, 0, 2, 32, 256).floats();
        for (int i = 0; i < x.length; i++) x[i] = Math.abs(x[i]) + 0.01f;
        return new Loaded(ModelLoader.load(b.toBytes(), "math.onnx"), Map.of("X", Tensor.of(x, 32, 256)));
    }

    private static ModelBuilder node(ModelBuilder b, String op, String in0, String in1, String out) {
        return b.node(op, List.of(in0, in1), List.of(out), Map.of());
    }

    private static Tensor weights(Random r, int... shape) {
        float[] w = new float[Arrays.stream(shape).reduce(1, (p, q) -> p * q)];
        double std = 1 / Math.sqrt(shape[0]);
        for (int i = 0; i < w.length; i++) w[i] = (float) (std * r.nextGaussian());
        return Tensor.of(w, shape);
    }

    /** ONNX's light ResNet-50, fed what ONNX's runner feeds the light models: arange(n) / n. */
    private static Loaded resnet50() {
        Path model = BackendCase.root().resolve("light/light_resnet50.onnx");
        assertTrue(Files.isRegularFile(model), model + " is missing");
        int[] shape = {1, 3, 224, 224};
        float[] data = new float[3 * 224 * 224];
        for (int i = 0; i < data.length; i++) data[i] = (float) ((double) i / data.length);
        return new Loaded(ModelLoader.load(model), Map.of("gpu_0/data_0", Tensor.of(data, shape)));
    }

    /** all-MiniLM-L6-v2 from langchain4j's embedding jar, on 16 fixed token ids: one vector per softmax row. */
    private static Loaded miniLm() {
        try (InputStream in = JitReproducibilityTest.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
            assertNotNull(in, "all-minilm-l6-v2.onnx is not on the test classpath");
            int tokens = 16;
            Random r = new Random(5);
            long[] ids = new long[tokens], ones = new long[tokens];
            for (int i = 0; i < tokens; i++) {
                ids[i] = 1000 + r.nextInt(29000);
                ones[i] = 1;
            }
            int[] shape = {1, tokens};
            Map<String, Tensor> feed = Map.of("input_ids", Tensor.of(ids, shape), "attention_mask", Tensor.of(ones, shape),
                    "token_type_ids", Tensor.of(new long[tokens], shape));
            return new Loaded(ModelLoader.load(in.readAllBytes(), "all-minilm-l6-v2.onnx"), feed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
