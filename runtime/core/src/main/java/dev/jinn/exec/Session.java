package dev.jinn.exec;

import dev.jinn.InvalidInputException;
import dev.jinn.ir.Dim;
import dev.jinn.ir.Model;
import dev.jinn.ir.ValueInfo;
import dev.jinn.ir.ValueType;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.optimizer.FunctionInliner;
import dev.jinn.optimizer.Optimizer;
import dev.jinn.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A model made ready to run. Creating it resolves every node against the providers and fails with
 * the full list of what is unsupported. {@link #run} may be called from many threads at once; {@link
 * #close} waits for runs in flight and then refuses new ones.
 */
public final class Session implements AutoCloseable {
    private final Model model;
    private final SessionOptions options;
    private final Plan plan;
    /** The inputs a run may feed, as the model declares them (overridable initializers included). */
    private final List<ValueInfo> declared;
    private final Map<String, Integer> inputIndex;
    /** For each of {@link #plan}'s inputs, its index in {@link #declared}. */
    private final int[] planInputs;
    /**
     * Initializers that are also graph inputs (IR version 3 models list every weight so): the plan
     * treats them as the constants they are unless a run feeds one, which then runs on
     * {@link #overriding}, a plan of the model as declared, compiled on first need.
     */
    private final java.util.Set<String> overridable;
    private final Model inlined;
    private volatile Plan overriding;
    private final IntraOpPool pool;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;
    /** Set before close() waits, so that runs starting meanwhile are refused and cannot starve it. */
    private volatile boolean closing;

    private Session(Model model, SessionOptions options) {
        this.options = options;
        this.inlined = FunctionInliner.inline(model);
        this.declared = inlined.graph().inputs();
        this.inputIndex = Plan.indexOf(declared);
        // Without a Java provider (the whole-model ORT modes) ONNX Runtime gets the model as written and
        // applies its own optimizer; Jinn's rewrites serve its own kernels.
        boolean java = options.providers().stream().anyMatch(p -> p instanceof dev.jinn.providers.JavaProvider);
        boolean optimize = options.optimize() && java;
        this.overridable = new java.util.HashSet<>();
        if (optimize) {
            for (ValueInfo v : declared) if (inlined.graph().initializers().containsKey(v.name())) overridable.add(v.name());
        }
        try {
            this.model = optimize ? Optimizer.optimize(settled(inlined, overridable), options.loadBudgetBytes(), options.providers()) : inlined;
        } catch (OutOfMemoryError e) {
            throw new dev.jinn.ResourceLimitException("model '" + model.source() + "': out of memory in the graph optimizer "
                    + "(folding constants); the JVM heap is limited to " + Runtime.getRuntime().maxMemory() + " bytes (-Xmx)");
        }
        this.plan = Plan.compile(this.model, this.model.graph(), options.providers());
        this.planInputs = this.model.graph().inputs().stream().mapToInt(v -> inputIndex.get(v.name())).toArray();
        this.pool = options.intraOpThreads() > 1 ? new IntraOpPool(options.intraOpThreads() - 1, options.spinning()) : null;
        this.profile = options.profiling() ? new Profile() : null;
    }

    /** The model with {@code overridable} no longer graph inputs, so the optimizer folds them as constants. */
    private static Model settled(Model m, java.util.Set<String> overridable) {
        if (overridable.isEmpty()) return m;
        dev.jinn.ir.Graph g = m.graph();
        List<ValueInfo> inputs = g.inputs().stream().filter(v -> !overridable.contains(v.name())).toList();
        return m.withGraph(new dev.jinn.ir.Graph(g.name(), inputs, g.outputs(), g.initializers(), g.valueInfo(), g.nodes()));
    }

    /** The plan for a run that feeds an overridable initializer: the model as declared, optimized without folding them. */
    private Plan overriding() {
        Plan p = overriding;
        if (p != null) return p;
        synchronized (this) {
            if (overriding == null) {
                Model m = Optimizer.optimize(inlined, options.loadBudgetBytes(), options.providers());
                overriding = Plan.compile(m, m.graph(), options.providers());
            }
            return overriding;
        }
    }

    /** Each step's time when {@link SessionOptions#profiling()} is on; null otherwise. */
    private final Profile profile;

    /**
     * Memory plans by input-shape signature, the most recently made few; a plan keeps the arenas
     * its runs gave back, so an old shape's buffers go when its plan does.
     */
    private final Map<String, MemoryPlan> memoryPlans = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, MemoryPlan> eldest) {
                    return size() > 8;
                }
            });

    /** Output arrays given back by closed results (at most 256 MiB), reused by later runs. */
    private final OutputPool outputPool = new OutputPool(256L << 20);

    public static Session create(Path modelPath) {
        return create(modelPath, SessionOptions.defaults());
    }

    public static Session create(Path modelPath, SessionOptions options) {
        return new Session(ModelLoader.load(modelPath, options.loadOptions()), options);
    }

    public static Session create(Model model, SessionOptions options) {
        return new Session(model, options);
    }

    /** The model as this session runs it (after the optimizer, when it is on). */
    public Model model() {
        return model;
    }

    public SessionOptions options() {
        return options;
    }

    /** Which provider runs each node of the main graph, and which nodes go to each subgraph. */
    public List<Placement> placements() {
        return plan.placements();
    }

    /**
     * The time each node (or provider subgraph) took over the runs so far, when the session was made
     * with {@link SessionOptions#withProfiling}; empty otherwise.
     */
    public java.util.Optional<Profile> profile() {
        return java.util.Optional.ofNullable(profile);
    }

    /** The inputs a run may feed: the model's own, including initializers it lets a run override. */
    public List<ValueInfo> inputs() {
        return declared;
    }

    public List<ValueInfo> outputs() {
        return model.graph().outputs();
    }

    /** Runs the model. Inputs are checked (name, dtype, shape) before any kernel runs. */
    public Result run(Map<String, Tensor> inputs) {
        return run(inputs, null);
    }

    /**
     * Runs the model, but stops with a {@link dev.jinn.ResourceLimitException} naming the node it
     * reached once {@code timeLimit} (null: none) has passed; the session stays usable.
     */
    public Result run(Map<String, Tensor> inputs, java.time.Duration timeLimit) {
        if (!lifecycle.readLock().tryLock()) throw new IllegalStateException("session is closing");
        try {
            if (closing) throw new IllegalStateException(closed ? "session is closed" : "session is closing");
            Tensor[] feed = checkInputs(inputs);
            boolean overrides = false;
            for (String name : inputs.keySet()) overrides |= overridable.contains(name);
            if (overrides) return run(overriding(), feed, null, timeLimit);
            Tensor[] planned = planFeed(feed);
            return run(plan, planned, options.memoryPlan() ? signature(planned) : null, timeLimit);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** The fed tensors (in {@link #declared}'s order) that {@link #plan} takes, in its order. */
    private Tensor[] planFeed(Tensor[] feed) {
        Tensor[] planned = new Tensor[planInputs.length];
        for (int i = 0; i < planned.length; i++) planned[i] = feed[planInputs[i]];
        return planned;
    }

    /**
     * One run of {@code p}; with a shape {@code signature} (for {@link #plan} only) it follows that
     * signature's memory plan, or records the first run's arrays to make one.
     */
    private Result run(Plan p, Tensor[] feed, String signature, java.time.Duration timeLimit) {
        ExecContext ctx = new ExecContext(pool, options.intraOpThreads(), options.runBudgetBytes(), outputPool, profile);
        if (timeLimit != null) ctx.limitTime(timeLimit);
        MemoryPlan memory = signature == null ? null : memoryPlans.get(signature);
        MemoryPlan.Recorder recorder = null;
        float[][] arena = null;
        if (memory != null) {
            if (memory.arenaBytes() > options.runBudgetBytes()) {
                throw new dev.jinn.ResourceLimitException("model '" + model.source() + "': the memory plan for inputs "
                        + signature + " needs " + memory.arenaBytes() + " bytes, over the run budget of "
                        + options.runBudgetBytes() + " bytes");
            }
            arena = memory.takeArena();
            ctx.follow(memory, arena);
        } else if (signature != null) {
            recorder = new MemoryPlan.Recorder();
            ctx.record(recorder);
        }
        try {
            Tensor[] out = p.run(feed, name -> null, ctx);
            Map<String, Tensor> named = new LinkedHashMap<>();
            List<String> names = p.outputNames();
            List<float[]> recyclable = new java.util.ArrayList<>();
            for (int i = 0; i < out.length; i++) {
                // The plan leaves outputs out of the arena; should a run differ from the recorded one,
                // the caller still gets an array that no later run writes into.
                if (out[i] != null && ctx.planned(out[i].array())) out[i] = Tensor.copyOf(out[i].dtype(), out[i].shape(), out[i].array());
                named.put(names.get(i), out[i]);
                Object a = out[i] == null ? null : out[i].array();
                if (a instanceof float[] f && ctx.lent(f) && recyclable.stream().noneMatch(r -> r == f)) recyclable.add(f);
            }
            if (recorder != null) memoryPlans.putIfAbsent(signature, recorder.plan(plan.stepNames().size(), plan.stepNames()));
            if (arena != null) memory.giveBack(arena);
            return new Result(named, outputPool, recyclable);
        } catch (dev.jinn.ResourceLimitException e) {
            // What the session keeps for later runs goes, so that a smaller run that follows has the heap.
            outputPool.clear();
            synchronized (memoryPlans) {
                memoryPlans.values().forEach(MemoryPlan::dropArenas);
            }
            throw e;
        }
    }

    /**
     * The static memory plan for these inputs' shapes: the planned peak, the node where the most is
     * alive, and what is alive there. Makes the plan with one run when it is not made yet.
     */
    public MemoryReport memory(Map<String, Tensor> inputs) {
        return memoryPlan(inputs).report();
    }

    MemoryPlan memoryPlan(Map<String, Tensor> inputs) {
        if (!lifecycle.readLock().tryLock()) throw new IllegalStateException("session is closing");
        try {
            if (closing) throw new IllegalStateException(closed ? "session is closed" : "session is closing");
            Tensor[] feed = planFeed(checkInputs(inputs));
            String signature = signature(feed);
            if (!memoryPlans.containsKey(signature)) run(plan, feed, signature, null).close();
            return memoryPlans.get(signature);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** The inputs' dtypes and shapes: runs that agree on them allocate alike, so they share a memory plan. */
    private static String signature(Tensor[] feed) {
        StringBuilder b = new StringBuilder();
        for (Tensor t : feed) b.append(t == null ? "-" : t.dtype() + Arrays.toString(t.shape())).append(' ');
        return b.toString().trim();
    }

    /** The fed tensors in {@link #declared}'s order, checked. */
    private Tensor[] checkInputs(Map<String, Tensor> inputs) {
        Tensor[] feed = new Tensor[declared.size()];
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            Integer i = inputIndex.get(e.getKey());
            if (i == null) {
                throw new InvalidInputException("model '" + model.source() + "': unknown input '" + e.getKey()
                        + "'; its inputs are " + declared.stream().map(ValueInfo::name).toList());
            }
            if (e.getValue() == null) throw new InvalidInputException("model '" + model.source() + "': input '" + e.getKey() + "' is null");
            feed[i] = e.getValue();
        }
        Map<String, Integer> bound = new HashMap<>();
        for (int i = 0; i < feed.length; i++) {
            ValueInfo info = declared.get(i);
            if (feed[i] == null) {
                if (!inlined.graph().initializers().containsKey(info.name())) {
                    throw new InvalidInputException("model '" + model.source() + "': missing input '" + info.name()
                            + "' (" + info.type() + ")");
                }
                continue;
            }
            if (info.type() instanceof ValueType.TensorType tt) checkTensor(info.name(), tt, feed[i], bound);
        }
        return feed;
    }

    private void checkTensor(String name, ValueType.TensorType tt, Tensor t, Map<String, Integer> bound) {
        String where = "model '" + model.source() + "', input '" + name + "'";
        if (tt.elem() != null && tt.elem() != t.dtype()) {
            throw new InvalidInputException(where + ": expected dtype " + tt.elem() + ", got " + t.dtype());
        }
        if (tt.shape() == null) return;
        int[] shape = t.shape();
        if (shape.length != tt.shape().size()) {
            throw new InvalidInputException(where + ": expected shape " + tt + " (rank " + tt.shape().size()
                    + "), got " + Arrays.toString(shape));
        }
        for (int d = 0; d < shape.length; d++) {
            Dim dim = tt.shape().get(d);
            if (dim.isFixed() && dim.value() != shape[d]) {
                throw new InvalidInputException(where + ": expected shape " + tt + ", got " + Arrays.toString(shape)
                        + " (dim " + d + " must be " + dim.value() + ")");
            }
            if (dim.param() != null) {
                Integer prev = bound.putIfAbsent(dim.param(), shape[d]);
                if (prev != null && prev != shape[d]) {
                    throw new InvalidInputException(where + ": dim " + d + " ('" + dim.param() + "') is " + shape[d]
                            + ", but another input bound '" + dim.param() + "' to " + prev);
                }
            }
        }
    }

    /** Waits for runs in flight, then releases the threads and every provider's resources. */
    @Override
    public void close() {
        closing = true;
        lifecycle.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            // No run is in flight, so the pool is idle; close() also waits for its workers to end.
            if (pool != null) pool.close();
            try {
                plan.close();
                if (overriding != null) overriding.close();
            } finally {
                options.providers().forEach(dev.jinn.providers.Provider::close);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
