package dev.jinn.exec;

import dev.jinn.ResourceLimitException;
import java.util.IdentityHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per-run services for ops: the intra-op threads and the run's byte budget. Kernels split rows (or
 * channel groups) with {@link #parallelFor}; each row is computed by one thread in the same order
 * whatever the thread count, so results do not depend on it.
 */
public final class ExecContext {
    /** Work on items [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** Below this many elements of work, threads cost more than they save. */
    private static final long MIN_PARALLEL_WORK = 1 << 17;

    private final IntraOpPool pool;
    /** Where the plan records each step's time; null when the session does not profile. */
    private final Profile profile;
    private final int threads;
    private final long budget;
    private final AtomicLong live = new AtomicLong();
    private final OutputPool outputs;
    /**
     * The arrays {@link #outputFloats} handed out in this run, only these may go back to the pool,
     * each with the number of the run's value slots that hold it (views such as Reshape share it).
     */
    private final IdentityHashMap<float[], Integer> lent;

    /** The memory plan this run follows, or null; its arena is this run's alone. */
    private MemoryPlan plan;
    private float[][] arena;
    /** Per arena buffer: how many value slots hold it, and the step that last took it. */
    private int[] holders;
    private int[] takenAt;
    private IdentityHashMap<float[], Integer> arenaIndex;
    /** Records sizes and lifetimes for a plan when this run has none; null otherwise. */
    private MemoryPlan.Recorder recorder;
    /** Nesting of graph runs: only the main graph's steps (depth 1) are planned. */
    private int depth;
    private int step = -1;
    private int ordinal;
    /** The bytes an op last asked for, named when the heap runs out. */
    private volatile long lastAsk;

    ExecContext(IntraOpPool pool, int threads, long budget) {
        this(pool, threads, budget, null, null);
    }

    /** How the message of a run stopped by its time limit ends. */
    public static final String TIME_LIMIT_PASSED = "the run's time limit has passed";
    /** System.nanoTime() past which the run stops; meaningful only when {@link #limited}. */
    private long deadline;
    private boolean limited;

    ExecContext(IntraOpPool pool, int threads, long budget, OutputPool outputs, Profile profile) {
        this.profile = profile;
        this.pool = pool;
        this.threads = threads;
        this.budget = budget;
        this.outputs = outputs;
        this.lent = outputs == null ? null : new IdentityHashMap<>();
    }

    /**
     * An array for a float32 output that the op fills completely: from the session's pool of
     * arrays that closed results and freed intermediates gave back (old values, no zeroing), else
     * new. A reused array is warm in the cache, where a fresh one is zeroed in cold memory.
     */
    public float[] outputFloats(int n) {
        lastAsk = 4L * n;
        if (outputs == null) return new float[n];
        synchronized (lent) {
            int k = depth == 1 ? ordinal++ : -1;
            if (plan != null && k >= 0) {
                int b = plan.buffer(step, k);
                // A buffer still held (when the recorded run and this one differ, as data-dependent
                // shapes may make them) is not handed out twice: the op gets an array of its own.
                if (b >= 0 && plan.length(b) == n && takenAt[b] != step && (holders[b] == 0 || plan.inPlace(step, k))) {
                    takenAt[b] = step;
                    if (arena[b] == null) {
                        arena[b] = new float[n];
                        arenaIndex.put(arena[b], b);
                    }
                    return arena[b];
                }
            }
            float[] a = outputs.take(n);
            lent.put(a, 0);
            if (recorder != null && k >= 0) recorder.requested(step, k, a);
            return a;
        }
    }

    /** This run follows {@code plan} in {@code arena} (its buffers made on first use and indexed here). */
    void follow(MemoryPlan plan, float[][] arena) {
        this.plan = plan;
        this.arena = arena;
        this.holders = new int[arena.length];
        this.takenAt = new int[arena.length];
        java.util.Arrays.fill(takenAt, -1);
        this.arenaIndex = new IdentityHashMap<>();
        for (int b = 0; b < arena.length; b++) if (arena[b] != null) arenaIndex.put(arena[b], b);
    }

    /** This run records the sizes and lifetimes of its arrays for a plan. */
    void record(MemoryPlan.Recorder recorder) {
        this.recorder = recorder;
    }

    /** Whether {@code array} is a buffer of this run's arena. */
    boolean planned(Object array) {
        if (arenaIndex == null || !(array instanceof float[] f)) return false;
        synchronized (lent) {
            return arenaIndex.containsKey(f);
        }
    }

    /** A graph run starts; true for the main graph's, whose steps the plan covers. */
    boolean enter() {
        if (lent == null) return false;
        synchronized (lent) {
            return ++depth == 1;
        }
    }

    void exit() {
        if (lent == null) return;
        synchronized (lent) {
            depth--;
        }
    }

    /** The main graph's step {@code s} is about to run. */
    void beginStep(int s) {
        synchronized (lent) {
            step = s;
            ordinal = 0;
        }
    }

    /** The output {@code out} of an in-place op at the current step was made from {@code in}; it may take in's array when they have one shape. */
    void inPlace(dev.jinn.tensor.Tensor in, dev.jinn.tensor.Tensor out) {
        if (recorder == null || !(in.array() instanceof float[] i) || !(out.array() instanceof float[] o)
                || !java.util.Arrays.equals(in.shape(), out.shape())) return;
        synchronized (lent) {
            recorder.inPlace(i, o);
        }
    }

    /** Whether {@code array} came from {@link #outputFloats} in this run. */
    boolean lent(Object array) {
        if (lent == null) return false;
        synchronized (lent) {
            return array instanceof float[] f && lent.containsKey(f);
        }
    }

    /** A value slot of the run, for the value {@code name}, now holds {@code array}. */
    void hold(Object array, String name) {
        if (lent == null || !(array instanceof float[] f)) return;
        synchronized (lent) {
            // Only the main graph's slots count: a subgraph's hold and free of a value its node
            // was given happen inside that node's step, while the main graph's slot holds it.
            Integer b = arenaIndex == null || depth != 1 ? null : arenaIndex.get(f);
            if (b != null) holders[b]++;
            if (recorder != null && depth == 1) recorder.held(f, name, step);
            lent.computeIfPresent(f, (k, c) -> c + 1);
        }
    }

    /**
     * A value slot let go of {@code array}; when no slot holds it any more, a lent array goes back to
     * the pool for the ops after this one (its value is dead: nothing reads a freed slot).
     */
    void release(Object array) {
        if (lent == null || !(array instanceof float[] f)) return;
        synchronized (lent) {
            Integer b = arenaIndex == null ? null : arenaIndex.get(f);
            if (b != null) {
                if (depth == 1) holders[b]--;
                return; // an arena buffer stays in the arena, never in the shared pool
            }
            if (recorder != null && depth == 1) recorder.released(f, step);
            Integer c = lent.get(f);
            if (c == null) return;
            if (c > 1) {
                lent.put(f, c - 1);
                return;
            }
            lent.remove(f);
        }
        outputs.giveBack(f);
    }

    /** A single-threaded context with no budget, for tests and tools that call ops directly. */
    public static ExecContext singleThreaded() {
        return new ExecContext(null, 1, Long.MAX_VALUE);
    }

    /** A single-threaded context whose ops may hold at most {@code budget} bytes (the optimizer's constant folding). */
    public static ExecContext singleThreaded(long budget) {
        return new ExecContext(null, 1, budget);
    }

    Profile profile() {
        return profile;
    }

    /** Stops the run at its next step once {@code limit} has passed from now. */
    void limitTime(java.time.Duration limit) {
        limited = true;
        deadline = System.nanoTime() + Math.min(limit.toNanos(), Long.MAX_VALUE / 2);
    }

    /**
     * Throws, naming {@code where} (the model and the node), when the run's time limit has passed.
     * Plans call it before each step and loops before each iteration, so a Loop whose trip count
     * runs to 2^62 ends instead of running until stopped.
     */
    public void checkTime(java.util.function.Supplier<String> where) {
        if (limited && System.nanoTime() - deadline > 0) {
            throw new dev.jinn.ResourceLimitException(where.get() + ": " + TIME_LIMIT_PASSED);
        }
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over [0, n) in up to {@link #threads()} contiguous chunks; {@code workPerItem}
     * (roughly elements touched per item) keeps small jobs on the calling thread.
     */
    public void parallelFor(int n, long workPerItem, RangeBody body) {
        int chunks = (int) Math.min(threads, n);
        if (pool == null || chunks <= 1 || (long) n * workPerItem < MIN_PARALLEL_WORK) {
            if (n > 0) body.run(0, n);
            return;
        }
        // Chunks are claimed, not assigned: a pool worker that wakes late finds the work done instead
        // of the caller waiting for it to wake (tens of µs per op on a busy machine). Chunk bounds
        // are fixed, so who runs a chunk never changes the result.
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable claim = () -> {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    finished.incrementAndGet();
                }
            }
        };
        boolean shared = pool.start(claim);
        claim.run();
        while (finished.get() < chunks) Thread.onSpinWait();
        if (shared) pool.finish();
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException(t);
    }

    /**
     * The run's heap ran out in {@code where}: what it asked for last ({@link #reserve}, {@link
     * #outputFloats}) and what the JVM allows, for the caller to act on rather than a JVM error.
     */
    ResourceLimitException outOfMemory(String where) {
        long asked = lastAsk;
        return new ResourceLimitException(where + ": out of memory" + (asked > 0 ? " asking for " + asked + " bytes" : "")
                + ", with " + live.get() + " bytes of values live; the JVM heap is limited to " + Runtime.getRuntime().maxMemory()
                + " bytes (-Xmx)");
    }

    /** Checks that {@code bytes} more would fit the run budget, before an op allocates them. */
    public void reserve(String what, long bytes) {
        lastAsk = bytes;
        if (bytes < 0 || live.get() + bytes > budget) {
            throw new ResourceLimitException(what + ": needs " + bytes + " bytes with " + live.get()
                    + " already live, over the run budget of " + budget + " bytes");
        }
    }

    void track(long delta) {
        live.addAndGet(delta);
    }
}
