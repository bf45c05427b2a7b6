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
        if (outputs == null) return new float[n];
        float[] a = outputs.take(n);
        synchronized (lent) {
            lent.put(a, 0);
        }
        return a;
    }

    /** Whether {@code array} came from {@link #outputFloats} in this run. */
    boolean lent(Object array) {
        if (lent == null) return false;
        synchronized (lent) {
            return array instanceof float[] f && lent.containsKey(f);
        }
    }

    /** A value slot of the run now holds {@code array}. */
    void hold(Object array) {
        if (lent == null || !(array instanceof float[] f)) return;
        synchronized (lent) {
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
     * Throws when the run's time limit has passed. Plans call it before each step and loops before
     * each iteration, so a Loop whose trip count runs to 2^62 ends instead of running until stopped.
     */
    public void checkTime(String where) {
        if (limited && System.nanoTime() - deadline > 0) {
            throw new dev.jinn.ResourceLimitException(where + ": " + TIME_LIMIT_PASSED);
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

    /** Checks that {@code bytes} more would fit the run budget, before an op allocates them. */
    public void reserve(String what, long bytes) {
        if (bytes < 0 || live.get() + bytes > budget) {
            throw new ResourceLimitException(what + ": needs " + bytes + " bytes with " + live.get()
                    + " already live, over the run budget of " + budget + " bytes");
        }
    }

    void track(long delta) {
        live.addAndGet(delta);
    }
}
