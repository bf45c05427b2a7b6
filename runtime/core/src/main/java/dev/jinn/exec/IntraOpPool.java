package dev.jinn.exec;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A session's intra-op worker threads. One job runs at a time: a job is a {@code Runnable} that
 * claims chunks of one op's work until none are left, run by every worker and by the caller.
 *
 * <p>Workers spin for {@link #SPIN_NANOS} after each job before they park, unless the session turned
 * spinning off. A model's ops follow each other within microseconds, and waking a parked thread
 * takes tens of microseconds (more in a VM); paid once per op, that wake-up cost as much as the
 * second thread saved. ONNX Runtime's pool spins the same way.
 */
final class IntraOpPool implements AutoCloseable {
    /** How long an idle worker keeps polling for the next job before it parks, when spinning is on. */
    static final long SPIN_NANOS = 500_000;
    /** Prefix of the workers' thread names. */
    static final String THREAD_NAME = "jinn-intra-op-";

    private final Thread[] workers;
    /** 1 while worker i is parked or about to park. */
    private final AtomicIntegerArray parked;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Runnable job;
    private volatile long generation;
    private volatile boolean closed;
    /** Set once the workers exist; read before touching {@code workers}. */
    private volatile boolean started;
    private final long spinNanos;

    IntraOpPool(int threads, boolean spinning) {
        spinNanos = spinning ? SPIN_NANOS : 0;
        workers = new Thread[threads];
        parked = new AtomicIntegerArray(threads);
    }

    /** Threads start with the first job, so a session that never splits an op starts none. */
    private synchronized void startWorkers() {
        if (closed || started) return;
        for (int i = 0; i < workers.length; i++) {
            int w = i;
            workers[i] = new Thread(() -> work(w), THREAD_NAME + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
        started = true;
    }

    /**
     * Hands {@code claim} to the workers; false when another run's op has them (the caller then
     * claims every chunk itself). A true return must be followed by {@link #finish}.
     */
    boolean start(Runnable claim) {
        if (closed || !busy.compareAndSet(false, true)) return false;
        if (!started) startWorkers();
        job = claim;
        generation++; // one writer at a time: busy is held
        if (!started) { // closed meanwhile
            finish();
            return false;
        }
        for (int i = 0; i < workers.length; i++) if (parked.get(i) == 1) LockSupport.unpark(workers[i]);
        return true;
    }

    /** Every chunk of the job has finished; the workers are free for the next job. */
    void finish() {
        job = null;
        busy.set(false);
    }

    private void work(int w) {
        long seen = 0;
        long idleSince = System.nanoTime();
        while (!closed) {
            long g = generation;
            if (g != seen) {
                seen = g;
                Runnable r = job;
                // A job that finished before this worker saw it has no chunks left; running the
                // claim loop of the next one is harmless for the same reason.
                if (r != null) r.run();
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < spinNanos) {
                Thread.onSpinWait();
            } else {
                parked.set(w, 1);
                // start() writes generation, then reads parked; this reads generation after writing
                // parked: one of the two sees the other, so no job is left waiting for a parked worker.
                if (generation == seen && !closed) LockSupport.park(this);
                parked.set(w, 0);
                idleSince = System.nanoTime();
            }
        }
    }

    /** Stops the workers and waits for them to end; jobs must be over. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        for (Thread t : workers) if (t != null) LockSupport.unpark(t);
        boolean interrupted = false;
        for (Thread t : workers) {
            while (t != null && t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
