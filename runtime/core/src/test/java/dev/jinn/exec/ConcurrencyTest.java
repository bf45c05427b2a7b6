package dev.jinn.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.ops.OpRegistry;
import dev.jinn.providers.JavaProvider;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One session shared by many threads: same bits as a lone run, and a close() that waits. */
class ConcurrencyTest {
    static final int ROWS = 256;
    static final int COLS = 768;
    private static final float EPS = 1e-5f;
    private static final int CALLERS = 8;
    private static final int RUNS_PER_CALLER = 4;

    static byte[] layerNormModel() {
        Random rnd = new Random(3);
        float[] scale = new float[COLS];
        float[] bias = new float[COLS];
        for (int i = 0; i < COLS; i++) {
            scale[i] = 0.5f + rnd.nextFloat();
            bias[i] = (float) rnd.nextGaussian();
        }
        return new ModelBuilder("ln").input("x", DataType.FLOAT, "batch", COLS).output("y", DataType.FLOAT, "batch", COLS)
                .initializer("scale", Tensor.of(scale, COLS)).initializer("bias", Tensor.of(bias, COLS))
                .node("LayerNormalization", List.of("x", "scale", "bias"), List.of("y"), Map.of("axis", -1, "epsilon", EPS))
                .toBytes();
    }

    /** A [256, 768] input (over the 2^17 elements from which ops split across threads) with a per-row offset, so that rows differ in mean as well as spread. */
    static Tensor randomInput(long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[ROWS * COLS];
        for (int r = 0; r < ROWS; r++) {
            float offset = (float) (rnd.nextGaussian() * 100);
            for (int i = 0; i < COLS; i++) x[r * COLS + i] = offset + (float) rnd.nextGaussian() * (1 + r);
        }
        return Tensor.of(x, ROWS, COLS);
    }

    @Test
    void eightThreadsMatchALoneSingleThreadedRunBitForBit() throws Exception {
        byte[] model = layerNormModel();
        int total = CALLERS * RUNS_PER_CALLER;
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; i < total; i++) inputs.add(randomInput(100 + i));

        List<float[]> expected = new ArrayList<>();
        try (Session lone = Session.create(ModelLoader.load(model, "ln.onnx"), SessionOptions.defaults().withThreads(1))) {
            for (Tensor x : inputs) expected.add(lone.run(Map.of("x", x)).get("y").floats());
        }
        for (int i = 0; i < total; i++) assertMatchesReference(inputs.get(i), expected.get(i), "input " + i);

        // 4 threads whose workers spin between ops (the default) and 4 whose workers park after each.
        for (SessionOptions options : List.of(SessionOptions.defaults().withThreads(1), SessionOptions.defaults().withThreads(4),
                SessionOptions.defaults().withThreads(4).withSpinning(false))) {
            int threads = options.intraOpThreads();
            try (Session shared = Session.create(ModelLoader.load(model, "ln.onnx"), options)) {
                // Alone first: the intra-op thread count alone must not change a bit.
                assertBitwiseEqual(expected.get(0), shared.run(Map.of("x", inputs.get(0))).get("y").floats(),
                        "withThreads(" + threads + ") alone, spinning " + options.spinning());
                CyclicBarrier start = new CyclicBarrier(CALLERS);
                ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
                try {
                    List<Future<List<float[]>>> futures = new ArrayList<>();
                    for (int c = 0; c < CALLERS; c++) {
                        int caller = c;
                        futures.add(callers.submit(() -> {
                            start.await();
                            List<float[]> out = new ArrayList<>();
                            for (int k = 0; k < RUNS_PER_CALLER; k++) {
                                out.add(shared.run(Map.of("x", inputs.get(caller * RUNS_PER_CALLER + k))).get("y").floats());
                            }
                            return out;
                        }));
                    }
                    for (int c = 0; c < CALLERS; c++) {
                        List<float[]> got = futures.get(c).get();
                        for (int k = 0; k < RUNS_PER_CALLER; k++) {
                            int i = c * RUNS_PER_CALLER + k;
                            assertBitwiseEqual(expected.get(i), got.get(k), "withThreads(" + threads + "), caller " + c + ", input " + i);
                        }
                    }
                } finally {
                    callers.shutdownNow();
                }
            }
        }
    }

    @Test
    void closeWaitsForRunsInFlightThenRefusesNewOnes() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        // test.jinn::Block holds its first run inside the kernel until released.
        OpRegistry registry = new OpRegistry().add(SessionTest.TEST_DOMAIN, "Block", node -> (in, ctx) -> {
            if (calls.incrementAndGet() == 1) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new Tensor[] {in[0]};
        }, 1);
        byte[] model = new ModelBuilder("g").opset(SessionTest.TEST_DOMAIN, 1)
                .input("x", DataType.FLOAT, 2).output("y", DataType.FLOAT, 2)
                .node(SessionTest.TEST_DOMAIN, "Block", List.of("x"), List.of("y"), Map.of(), "block").toBytes();
        Session s = Session.create(ModelLoader.load(model, "block.onnx"),
                SessionOptions.defaults().withProviders(List.of(new JavaProvider(registry))));
        Tensor x = Tensor.of(new float[] {1, 2}, 2);

        AtomicReference<Object> runOutcome = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                runOutcome.set(s.run(Map.of("x", x)).get("y"));
            } catch (Throwable t) {
                runOutcome.set(t);
            }
        });
        runner.start();
        entered.await();

        AtomicBoolean closed = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            s.close();
            closed.set(true);
        });
        closer.start();
        // Until close() parks on the lock (or, if it wrongly does not wait, ends).
        while (closer.getState() == Thread.State.NEW || closer.getState() == Thread.State.RUNNABLE) Thread.onSpinWait();
        assertFalse(closed.get(), "close() returned while a run was in flight");
        // A run that starts while close() waits is refused, rather than delaying close() further.
        IllegalStateException closing = assertThrows(IllegalStateException.class, () -> s.run(Map.of("x", x)));
        assertTrue(closing.getMessage().contains("closing"), closing.getMessage());
        assertEquals(1, calls.get());

        release.countDown();
        runner.join();
        closer.join();
        assertTrue(closed.get());
        if (!(runOutcome.get() instanceof Tensor y)) {
            fail("the run in flight did not finish normally: " + runOutcome.get());
            return;
        }
        assertArrayEquals(x.floats(), y.floats());
        IllegalStateException after = assertThrows(IllegalStateException.class, () -> s.run(Map.of("x", x)));
        assertTrue(after.getMessage().contains("closed"), after.getMessage());
        s.close();
        assertEquals(1, calls.get());
    }

    private static void assertBitwiseEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", alone it was " + expected[i]);
            }
        }
    }

    /** Double-precision LayerNormalization, two-pass, as the ONNX reference defines it. */
    private static void assertMatchesReference(Tensor x, float[] actual, String what) {
        float[] xs = x.floats();
        Map<String, Tensor> inits = ModelLoader.load(layerNormModel(), "ln").graph().initializers();
        float[] scale = inits.get("scale").floats();
        float[] bias = inits.get("bias").floats();
        for (int r = 0; r < ROWS; r++) {
            double mean = 0;
            for (int i = 0; i < COLS; i++) mean += xs[r * COLS + i];
            mean /= COLS;
            double var = 0;
            for (int i = 0; i < COLS; i++) var += (xs[r * COLS + i] - mean) * (xs[r * COLS + i] - mean);
            var /= COLS;
            for (int i = 0; i < COLS; i++) {
                double e = (xs[r * COLS + i] - mean) / Math.sqrt(var + EPS) * scale[i] + bias[i];
                double a = actual[r * COLS + i];
                if (!(Math.abs(a - e) <= 1e-5 + 1e-5 * Math.abs(e))) {
                    fail(what + ": row " + r + ", column " + i + ": expected " + e + ", got " + a);
                }
            }
        }
    }
}
