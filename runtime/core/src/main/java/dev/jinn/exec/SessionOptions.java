package dev.jinn.exec;

import dev.jinn.onnx.LoadOptions;
import dev.jinn.providers.Provider;
import dev.jinn.providers.JavaProvider;
import dev.jinn.providers.ProviderModes;
import java.util.List;

/**
 * How a session runs: intra-op threads and whether they spin between ops, byte budgets, the graph
 * optimizer, the providers in the order they are asked to take each node, whether runs record
 * each node's time, and whether they follow a static memory plan.
 */
public record SessionOptions(int intraOpThreads, boolean spinning, long loadBudgetBytes, long runBudgetBytes,
                             boolean optimize, List<Provider> providers, boolean profiling, boolean memoryPlan) {
    public SessionOptions {
        if (intraOpThreads < 1) throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + intraOpThreads);
        providers = List.copyOf(providers);
        if (providers.isEmpty()) throw new IllegalArgumentException("at least one provider is needed");
    }

    public static SessionOptions defaults() {
        return new SessionOptions(Math.max(1, Runtime.getRuntime().availableProcessors()), true,
                LoadOptions.DEFAULT_MAX_TENSOR_BYTES, 16L << 30, true, List.of(JavaProvider.INSTANCE), false, true);
    }

    public SessionOptions withThreads(int n) {
        return new SessionOptions(n, spinning, loadBudgetBytes, runBudgetBytes, optimize, providers, profiling, memoryPlan);
    }

    /**
     * Whether idle intra-op workers poll for the next op for a short while (0.5 ms) before they park,
     * as ONNX Runtime's do by default (its {@code allow_spinning}). On by default: a model's ops come
     * microseconds apart, and waking a parked thread for each costs tens of microseconds. Off saves
     * the polling CPU when runs are rare and latency matters less.
     */
    public SessionOptions withSpinning(boolean on) {
        return new SessionOptions(intraOpThreads, on, loadBudgetBytes, runBudgetBytes, optimize, providers, profiling, memoryPlan);
    }

    /** Whether runs record the time of each node ({@link Session#profile()}); off by default. */
    public SessionOptions withProfiling(boolean on) {
        return new SessionOptions(intraOpThreads, spinning, loadBudgetBytes, runBudgetBytes, optimize, providers, on, memoryPlan);
    }

    /**
     * Whether runs follow a static memory plan ({@link MemoryPlan}): on by default. Off, each run
     * draws its intermediates' arrays from the session's pool as they are asked for.
     */
    public SessionOptions withMemoryPlan(boolean on) {
        return new SessionOptions(intraOpThreads, spinning, loadBudgetBytes, runBudgetBytes, optimize, providers, profiling, on);
    }

    public SessionOptions withLoadBudget(long bytes) {
        return new SessionOptions(intraOpThreads, spinning, bytes, runBudgetBytes, optimize, providers, profiling, memoryPlan);
    }

    public SessionOptions withRunBudget(long bytes) {
        return new SessionOptions(intraOpThreads, spinning, loadBudgetBytes, bytes, optimize, providers, profiling, memoryPlan);
    }

    public SessionOptions withOptimize(boolean on) {
        return new SessionOptions(intraOpThreads, spinning, loadBudgetBytes, runBudgetBytes, on, providers, profiling, memoryPlan);
    }

    public SessionOptions withProviders(List<Provider> list) {
        return new SessionOptions(intraOpThreads, spinning, loadBudgetBytes, runBudgetBytes, optimize, list, profiling, memoryPlan);
    }

    /**
     * The providers of a mode as {@code --provider} names it: {@code java}, or (with jinn-ort on the
     * classpath) {@code ort}, {@code ort-cuda}, {@code auto}, {@code auto-cuda}; see {@link ProviderModes}.
     */
    public SessionOptions withProviderMode(String mode) {
        return withProviders(ProviderModes.providers(mode));
    }

    public LoadOptions loadOptions() {
        return LoadOptions.defaults().withMaxTensorBytes(loadBudgetBytes);
    }
}
