package dev.jinn.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Domains;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * One operator as a one-node model, timed in Jinn and in ONNX Runtime in the same process, with the
 * same inputs and thread count. Inputs are built once: Jinn gets heap tensors, ORT direct buffers
 * and a pinned output, so neither pays for conversions inside the timed call.
 */
public final class OpBench implements AutoCloseable {
    /** Median and 90th percentile of single-call times, in microseconds. */
    public record Stats(double medianUs, double p90Us) {}

    private record InputSpec(String name, int[] shape, DataType dtype, double mean, double std) {}

    private static final long SETTLE_MILLIS = 50;
    private static final long RESUME_MILLIS = 20;

    private final String op;
    private final int[] shape;
    private final int threads;
    private final byte[] model;
    private final Session jinn;
    private final Map<String, Tensor> jinnFeed = new LinkedHashMap<>();
    private final List<String> outputNames;
    private OrtEnvironment env;
    private OrtSession ort;
    private final Map<String, OnnxTensor> ortFeed = new LinkedHashMap<>();
    private final Map<String, OnnxValue> ortPinned = new LinkedHashMap<>();

    private OpBench(String op, Map<String, String> attrs, int[] shape, DataType dtype, int threads) {
        this.op = op;
        this.shape = shape.clone();
        this.threads = threads;
        String domain = op.startsWith("Skip") ? Domains.MICROSOFT : Domains.ONNX;
        int opset = switch (op) {
            case "RMSNormalization" -> 23;
            case "GroupNormalization" -> 21;
            case "SimplifiedLayerNormalization" -> 17;
            default -> 17;
        };
        Map<String, Object> attrValues = new TreeMap<>();
        if (op.equals("GroupNormalization")) attrValues.put("num_groups", 32);
        if (op.equals("LRN")) attrValues.put("size", 5);
        if (op.startsWith("Skip")) attrValues.put("epsilon", 1e-5f);
        attrs.forEach((k, v) -> attrValues.put(k, parse(v)));
        List<InputSpec> inputs = inputs(op, shape, dtype, attrValues);
        ModelBuilder b = new ModelBuilder("bench_" + op).opset(Domains.ONNX, opset);
        if (!domain.isEmpty()) b.opset(domain, 1);
        List<String> names = new ArrayList<>();
        for (InputSpec in : inputs) {
            b.input(in.name, in.dtype, Arrays.stream(in.shape).boxed().toArray());
            names.add(in.name);
        }
        b.output("Y", dtype, Arrays.stream(shape).boxed().toArray());
        b.node(domain, op, names, List.of("Y"), attrValues, "bench");
        this.model = b.toBytes();
        this.outputNames = List.of("Y");
        this.jinn = Session.create(ModelLoader.load(model, op + ".onnx"), SessionOptions.defaults().withThreads(threads));
        long seed = 1;
        for (InputSpec in : inputs) jinnFeed.put(in.name, random(in, seed++));
    }

    public static OpBench create(String op, Map<String, String> attrs, int[] shape, DataType dtype, int threads) {
        return new OpBench(op, attrs, shape, dtype, threads);
    }

    public byte[] model() {
        return model.clone();
    }

    /** Elements of X, the op's main input and output. */
    public long elements() {
        return Shapes.size(shape);
    }

    /** Starts ONNX Runtime on the same model and inputs, CPU provider, the same intra-op thread count. */
    public void withOrt() throws OrtException {
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(threads);
            o.setInterOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            ort = env.createSession(model, o);
        }
        for (Map.Entry<String, Tensor> e : jinnFeed.entrySet()) ortFeed.put(e.getKey(), direct(env, e.getValue()));
        Tensor y = jinn.run(jinnFeed).get(0);
        ortPinned.put(outputNames.get(0), direct(env, Tensor.zeros(y.dtype(), y.shape())));
    }

    /** One Jinn run; closing the result hands its output array to the next run, as ORT reuses its pinned output. */
    public void runJinn() {
        jinn.run(jinnFeed).close();
    }

    public void runOrt() throws OrtException {
        ort.run(ortFeed, ortPinned).close();
    }

    /** Times Jinn and (when started) ORT in alternating rounds, so that both see the same machine noise. */
    public Stats[] time(int warmupMillis, int rounds, int callsPerRound) throws OrtException {
        long end = System.nanoTime() + warmupMillis * 1_000_000L;
        while (System.nanoTime() < end) {
            runJinn();
            if (ort != null) runOrt();
        }
        long[] j = new long[rounds * callsPerRound];
        long[] o = new long[ort == null ? 0 : rounds * callsPerRound];
        int k = 0;
        for (int r = 0; r < rounds; r++) {
            settleThenResume(this::runJinn);
            for (int c = 0; c < callsPerRound; c++) {
                long t0 = System.nanoTime();
                runJinn();
                j[k + c] = System.nanoTime() - t0;
            }
            if (ort != null) {
                settleThenResume(this::runOrt);
                for (int c = 0; c < callsPerRound; c++) {
                    long t0 = System.nanoTime();
                    runOrt();
                    o[k + c] = System.nanoTime() - t0;
                }
            }
            k += callsPerRound;
        }
        return ort == null ? new Stats[] {stats(j)} : new Stats[] {stats(j), stats(o)};
    }

    /** One untimed call of a runtime. */
    private interface Call {
        void run() throws OrtException;
    }

    /**
     * Between one runtime's calls and the other's. With more than one thread, first waits until the
     * first runtime's idle intra-op threads have stopped spinning (Jinn's after 0.5 ms, ORT's after
     * several ms): a thread left spinning holds a core that the other runtime's second thread then
     * cannot have, which made both runtimes' 2-thread times look like 1-thread times. Then, with any
     * thread count, makes untimed calls of the next runtime for {@link #RESUME_MILLIS}, so that the
     * timed calls find its tensors back in the cache that the other runtime's calls took over, as
     * in a run of its own: at LayerNorm [8,512,768] (X and Y 25 MB, 1 thread) Jinn's 1st to 10th
     * calls after ORT's took 1,097, 1,031, 962, 910, 839, 830, 800, 800, 767 and 793 µs (medians
     * over 20 rounds), ORT's after Jinn's 2,424 falling to 2,344; and after a pause either runtime's
     * calls run up to 3x slower for a few ms while the idle cores wake up.
     */
    private void settleThenResume(Call next) throws OrtException {
        if (threads > 1) {
            try {
                Thread.sleep(SETTLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long end = System.nanoTime() + RESUME_MILLIS * 1_000_000L;
        do next.run(); while (System.nanoTime() < end);
    }

    /**
     * Bytes the calling thread allocates per Jinn call, over {@code calls} calls after the timed
     * rounds (the output array is reused, so this is everything else a call allocates), or -1 where
     * the JVM does not count allocations per thread. With more threads, the workers' allocations are
     * not counted.
     */
    public double jinnBytesPerCall(int calls) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
                || !mx.isThreadAllocatedMemoryEnabled()) {
            return -1;
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) runJinn();
        return (mx.getCurrentThreadAllocatedBytes() - before) / (double) calls;
    }

    /** System.arraycopy of X's float32 elements: the machine's copy speed for the bytes the op moves. */
    public Stats timeCopy(int warmupMillis, int calls) {
        float[] src = new float[(int) elements()];
        float[] dst = new float[src.length];
        long end = System.nanoTime() + warmupMillis * 1_000_000L;
        while (System.nanoTime() < end) System.arraycopy(src, 0, dst, 0, src.length);
        long[] t = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            System.arraycopy(src, 0, dst, 0, src.length);
            t[i] = System.nanoTime() - t0;
        }
        return stats(t);
    }

    private static Stats stats(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new Stats(s[s.length / 2] / 1e3, s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.9) - 1)] / 1e3);
    }

    @Override
    public void close() throws OrtException {
        jinn.close();
        for (OnnxTensor t : ortFeed.values()) t.close();
        for (OnnxValue v : ortPinned.values()) v.close();
        if (ort != null) ort.close();
    }

    /** The inputs an op takes for X of {@code shape}: parameters per channel or per normalized element. */
    private static List<InputSpec> inputs(String op, int[] shape, DataType t, Map<String, Object> attrs) {
        List<InputSpec> in = new ArrayList<>();
        in.add(new InputSpec("X", shape, t, 0.5, 2));
        int[] channel = {shape.length > 1 ? shape[1] : 1};
        int axis = ((Number) attrs.getOrDefault("axis", -1)).intValue();
        int[] norm = Arrays.copyOfRange(shape, Shapes.normalizeAxis(axis, shape.length), shape.length);
        int[] hidden = {shape[shape.length - 1]};
        switch (op) {
            case "LayerNormalization" -> {
                in.add(new InputSpec("scale", norm, t, 1, 0.2));
                in.add(new InputSpec("bias", norm, t, 0, 1));
            }
            case "RMSNormalization", "SimplifiedLayerNormalization" -> in.add(new InputSpec("scale", norm, t, 1, 0.2));
            case "BatchNormalization" -> {
                in.add(new InputSpec("scale", channel, t, 1, 0.2));
                in.add(new InputSpec("bias", channel, t, 0, 1));
                in.add(new InputSpec("mean", channel, t, 0.5, 0.1));
                in.add(new InputSpec("var", channel, t, 4, 0));
            }
            case "InstanceNormalization", "GroupNormalization" -> {
                in.add(new InputSpec("scale", channel, t, 1, 0.2));
                in.add(new InputSpec("bias", channel, t, 0, 1));
            }
            case "SkipLayerNormalization" -> {
                in.add(new InputSpec("skip", shape, t, 0, 1));
                in.add(new InputSpec("gamma", hidden, t, 1, 0.2));
                in.add(new InputSpec("beta", hidden, t, 0, 1));
            }
            case "SkipSimplifiedLayerNormalization" -> {
                in.add(new InputSpec("skip", shape, t, 0, 1));
                in.add(new InputSpec("gamma", hidden, t, 1, 0.2));
            }
            case "LpNormalization", "MeanVarianceNormalization", "LRN" -> { }
            default -> throw new IllegalArgumentException("no benchmark inputs for operator '" + op + "'");
        }
        return in;
    }

    private static Tensor random(InputSpec in, long seed) {
        Random r = new Random(seed);
        float[] v = new float[Shapes.size(in.shape)];
        for (int i = 0; i < v.length; i++) v[i] = (float) (in.mean + in.std * r.nextGaussian());
        return Tensors.fromFloats(v, in.dtype, in.shape);
    }

    private static OnnxTensor direct(OrtEnvironment env, Tensor t) throws OrtException {
        long[] dims = Arrays.stream(t.shape()).asLongStream().toArray();
        ByteBuffer bytes = ByteBuffer.allocateDirect((int) t.byteSize()).order(ByteOrder.nativeOrder());
        switch (t.dtype()) {
            case FLOAT -> {
                FloatBuffer f = bytes.asFloatBuffer().put(t.floats());
                return OnnxTensor.createTensor(env, f.rewind(), dims);
            }
            case FLOAT16, BFLOAT16 -> {
                ShortBuffer s = bytes.asShortBuffer().put(t.shorts());
                return OnnxTensor.createTensor(env, s.rewind(), dims, t.dtype() == DataType.FLOAT16
                        ? ai.onnxruntime.OnnxJavaType.FLOAT16 : ai.onnxruntime.OnnxJavaType.BFLOAT16);
            }
            case DOUBLE -> {
                return OnnxTensor.createTensor(env, bytes.asDoubleBuffer().put(t.doubles()).rewind(), dims);
            }
            default -> throw new IllegalArgumentException("no benchmark buffers for " + t.dtype());
        }
    }

    /** Attribute values from the command line: integers, floats, or integer lists like 0,2,3. */
    static Object parse(String v) {
        if (v.contains(",")) return Arrays.stream(v.split(",")).mapToLong(s -> Long.parseLong(s.trim())).toArray();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            try {
                return Float.parseFloat(v);
            } catch (NumberFormatException e2) {
                return v;
            }
        }
    }
}
