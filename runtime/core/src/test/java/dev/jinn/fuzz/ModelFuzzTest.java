package dev.jinn.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jinn.JinnException;
import dev.jinn.exec.ExecContext;
import dev.jinn.exec.Session;
import dev.jinn.ops.control.Loop;
import dev.jinn.exec.SessionOptions;
import dev.jinn.onnx.LoadOptions;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.onnx.proto.Onnx.ModelProto;
import dev.jinn.onnx.proto.Onnx.ValueInfoProto;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer fuzz tests of the three places where a hostile model or input meets Jinn: loading (parser
 * and checker), session creation (optimizer and planner) and runs. Each input picks a backend node
 * test model and a list of structured mutations ({@link ModelMutator}, {@link InputMutator}).
 *
 * <p>Allowed outcomes are success and a {@link JinnException}; loading and session creation must
 * also name the model in the message, as users see it. Anything else is a finding: another
 * exception, a JVM error, more than 10 s (the timeout), or more than 64 MiB allocated for one
 * model, which the byte budgets below should make impossible.
 *
 * <p>Without {@code JAZZER_FUZZ} these run as JUnit tests over the empty input and the committed
 * regression inputs in {@code ModelFuzzTestInputs/<method>}; {@code tools/fuzz} runs a campaign.
 */
class ModelFuzzTest {
    private static final String LABEL = "fuzzed";
    /** Load and run budgets: the seeds need kilobytes, so anything near this is a header's claim. */
    private static final long BUDGET = 16L << 20;
    private static final long ALLOCATION_LIMIT = 64L << 20;
    private static final LoadOptions LOAD = LoadOptions.defaults().withMaxTensorBytes(BUDGET);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Path MODEL_DIR = modelDir();

    @FuzzTest
    @Timeout(10)
    void loadAndCheck(FuzzedDataProvider data) {
        Choices c = new Choices(data);
        byte[] model = mutated(c, c.index(Seeds.count()), 1, 8).toByteArray();
        expect(true, () -> ModelLoader.load(model, LABEL, MODEL_DIR, LOAD));
    }

    @FuzzTest
    @Timeout(10)
    void createSession(FuzzedDataProvider data) {
        Choices c = new Choices(data);
        byte[] model = mutated(c, c.index(Seeds.count()), 1, 8).toByteArray();
        SessionOptions options = options(c.bool());
        expect(true, () -> Session.create(ModelLoader.load(model, LABEL, MODEL_DIR, LOAD), options).close());
    }

    private static final java.time.Duration RUN_TIME_LIMIT = java.time.Duration.ofSeconds(2);

    @FuzzTest
    @Timeout(10)
    void runSession(FuzzedDataProvider data) {
        Choices c = new Choices(data);
        int seed = c.index(Seeds.count());
        // Fewer model mutations than the other targets: most runs should reach the kernels.
        ModelProto mutated = mutated(c, seed, 0, 2);
        byte[] model = mutated.toByteArray();
        SessionOptions options = options(c.bool());
        List<String> names = mutated.getGraph().getInputList().stream().map(ValueInfoProto::getName).toList();
        Map<String, Tensor> inputs = new InputMutator(c).mutate(Seeds.inputs(seed), names, c.between(0, 4));
        // All the fuzzer decides is decided before expect, which may run the body twice.
        expect(false, () -> {
            try (Session s = Session.create(ModelLoader.load(model, LABEL, MODEL_DIR, LOAD), options)) {
                // The run's own limit, well inside the harness's 10 s: a model that loops for ever
                // ends in ResourceLimitException, an allowed outcome, not a hang.
                s.run(inputs, RUN_TIME_LIMIT).close();
            }
        });
    }

    private static ModelProto mutated(Choices c, int seed, int minSteps, int maxSteps) {
        return new ModelMutator(c).mutate(Seeds.model(seed), c.between(minSteps, maxSteps));
    }

    private static SessionOptions options(boolean optimize) {
        return SessionOptions.defaults().withThreads(1).withSpinning(false).withLoadBudget(BUDGET).withRunBudget(BUDGET)
                .withOptimize(optimize);
    }

    /**
     * Runs {@code body} and turns what is not an allowed outcome into an assertion that Jazzer
     * reports. The body runs on this thread (sessions get one thread), so all it allocates is
     * counted; the first time a path runs, that includes loading, instrumenting and compiling
     * classes, so only a repeat that allocates as much is a finding.
     */
    private static void expect(boolean namesModel, Runnable body) {
        if (allocatedBy(namesModel, body) > ALLOCATION_LIMIT) {
            long again = allocatedBy(namesModel, body);
            if (again > ALLOCATION_LIMIT) {
                throw new AssertionError("one model allocated " + (again >> 20) + " MiB, over the limit of "
                        + (ALLOCATION_LIMIT >> 20) + " MiB");
            }
        }
    }

    private static long allocatedBy(boolean namesModel, Runnable body) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            body.run();
        } catch (JinnException e) {
            if (namesModel && !e.getMessage().contains("'" + LABEL + "'")) {
                throw new AssertionError("the message does not name the model: " + e.getMessage(), e);
            }
            // A run stopped by its time limit, or a Loop stopped by the budget its scan outputs
            // pile up against, allocated in proportion to its iterations (each one's garbage), not
            // because a header asked for it.
            if (e.getMessage().endsWith(ExecContext.TIME_LIMIT_PASSED) || e.getMessage().contains(Loop.SCAN_OUTPUTS_OF)) return 0;
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * The folder external data is read from: files a location may name, a subfolder, and a symbolic
     * and a hard link to a file outside it, which must be refused.
     */
    private static Path modelDir() {
        try {
            Path root = Files.createTempDirectory("jinn-fuzz");
            Path dir = Files.createDirectories(root.resolve("model/sub"));
            Path model = dir.getParent();
            byte[] weights = new byte[4096];
            for (int i = 0; i < weights.length; i++) weights[i] = (byte) (i * 31);
            Files.write(model.resolve("weights.bin"), weights);
            Files.write(dir.resolve("w.bin"), java.util.Arrays.copyOf(weights, 64));
            Path outside = Files.write(root.resolve("outside.bin"), weights);
            try {
                Files.createSymbolicLink(model.resolve("link.bin"), outside);
                Files.createLink(model.resolve("hard.bin"), outside);
            } catch (UnsupportedOperationException | IOException e) {
                // Filesystems without links (some Windows setups) still fuzz the other locations.
            }
            for (Path p : List.of(root, model, dir, model.resolve("weights.bin"), dir.resolve("w.bin"), outside,
                    model.resolve("link.bin"), model.resolve("hard.bin"))) {
                p.toFile().deleteOnExit();
            }
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
