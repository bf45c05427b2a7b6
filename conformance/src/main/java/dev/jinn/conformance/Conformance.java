package dev.jinn.conformance;

import dev.jinn.providers.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs ONNX's backend test cases through Jinn and judges them. Immutable; configure with the
 * {@code with*} methods, then {@link #run()}:
 *
 * <pre>{@code
 * Report r = Conformance.at(Conformance.defaultDataDir()).withFilter("node/test_layer_norm").run();
 * ExpectedList.Verdict v = ExpectedList.read(path).check(r);
 * }</pre>
 */
public final class Conformance {
    /** Hears about each case as it finishes (from the worker threads, one call at a time). */
    public interface Listener {
        void finished(CaseResult result, int done, int total);
    }

    private final Path data;
    private final Pattern filter;
    private final String provider;
    private final int threads;
    private final Tolerances tolerances;
    private final Listener listener;

    private Conformance(Path data, Pattern filter, String provider, int threads, Tolerances tolerances, Listener listener) {
        this.data = data;
        this.filter = filter;
        this.provider = provider;
        this.threads = threads;
        this.tolerances = tolerances;
        this.listener = listener;
    }

    /** A runner over the test data at {@code data}: every case, the java provider, one thread per core. */
    public static Conformance at(Path data) {
        return new Conformance(data, null, "java", Runtime.getRuntime().availableProcessors(), Tolerances.standard(),
                (r, done, total) -> { });
    }

    /**
     * Where the test data is: the system property {@code jinn.testdata}, else the environment variable
     * {@code JINN_TESTDATA}, else {@code ../shared/onnx-backend-tests} beside the working directory
     * (or beside its parent, for a run from inside a module).
     */
    public static Path defaultDataDir() {
        String prop = System.getProperty("jinn.testdata");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        String env = System.getenv("JINN_TESTDATA");
        if (env != null && !env.isBlank()) return Path.of(env);
        Path beside = Path.of("..", "shared", "onnx-backend-tests");
        Path fromModule = Path.of("..", "..", "shared", "onnx-backend-tests");
        return Files.isDirectory(beside) || !Files.isDirectory(fromModule) ? beside : fromModule;
    }

    /** Keeps the cases whose name (such as "node/test_abs") contains a match of {@code regex}. */
    public Conformance withFilter(String regex) {
        return new Conformance(data, regex == null ? null : Pattern.compile(regex), provider, threads, tolerances, listener);
    }

    /** A provider set by name; see {@link Providers}. */
    public Conformance withProvider(String name) {
        Providers.forName(name);
        return new Conformance(data, filter, name, threads, tolerances, listener);
    }

    public Conformance withThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        return new Conformance(data, filter, provider, n, tolerances, listener);
    }

    public Conformance withTolerances(Tolerances t) {
        return new Conformance(data, filter, provider, threads, t, listener);
    }

    public Conformance withListener(Listener l) {
        return new Conformance(data, filter, provider, threads, tolerances, l);
    }

    public Path data() {
        return data;
    }

    public String provider() {
        return provider;
    }

    /** Whether a case of this name is in this run's scope (matches the filter). */
    public boolean selects(String caseName) {
        return filter == null || filter.matcher(caseName).find();
    }

    /** The cases this runner would run, in report order. */
    public List<ConformanceCase> cases() {
        return CaseDiscovery.discover(data).stream().filter(c -> selects(c.name())).toList();
    }

    public Report run() {
        List<ConformanceCase> cases = cases();
        Supplier<List<Provider>> providers = Providers.forName(provider);
        // A provider that cannot start (ONNX Runtime missing, say) fails the run once, not every case.
        providers.get().forEach(Provider::close);
        CaseRunner runner = new CaseRunner(providers, tolerances);
        long start = System.nanoTime();
        // Biggest models first, so that the long cases do not all land at the end of the run.
        List<ConformanceCase> order = new ArrayList<>(cases);
        order.sort(Comparator.comparingLong((ConformanceCase c) -> size(c.model())).reversed());
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(null, r, "jinn-conformance", 32L << 20);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CaseResult>> futures = new ArrayList<>();
            for (ConformanceCase c : order) {
                futures.add(pool.submit(() -> {
                    CaseResult r = runner.run(c);
                    synchronized (listener) {
                        listener.finished(r, done.incrementAndGet(), cases.size());
                    }
                    return r;
                }));
            }
            List<CaseResult> results = new ArrayList<>();
            for (Future<CaseResult> f : futures) results.add(f.get());
            Map<String, Integer> rank = new HashMap<>();
            for (ConformanceCase c : cases) rank.put(c.name(), rank.size());
            results.sort(Comparator.comparingInt(r -> rank.get(r.name())));
            return new Report(provider, data, results, this::selects, (System.nanoTime() - start) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("conformance run interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("conformance runner failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
