package dev.jinn.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** parallelFor: every item runs exactly once whoever claims its chunk, and a chunk's failure reaches the caller. */
class ExecContextTest {
    @Test
    void everyItemRunsExactlyOnce() {
        IntraOpPool pool = new IntraOpPool(3, true);
        try {
            ExecContext ctx = new ExecContext(pool, 4, Long.MAX_VALUE);
            for (int n : new int[] {1, 2, 3, 5, 1000, 100_003}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                ctx.parallelFor(n, 1 << 16, (from, to) -> {
                    for (int i = from; i < to; i++) seen.incrementAndGet(i);
                });
                for (int i = 0; i < n; i++) assertEquals(1, seen.get(i), "item " + i + " of " + n);
            }
        } finally {
            pool.close();
        }
    }

    @Test
    void workersThatParkAfterEachJobAreWokenForTheNext() {
        // Without spinning a worker parks after every job, so each job goes through the park/unpark
        // handshake. Each job's two chunks wait (up to 50 ms) for each other to start, so the
        // second is the worker's unless a wake-up was lost.
        IntraOpPool pool = new IntraOpPool(1, false);
        try {
            ExecContext ctx = new ExecContext(pool, 2, Long.MAX_VALUE);
            java.util.concurrent.atomic.AtomicInteger byWorker = new java.util.concurrent.atomic.AtomicInteger();
            for (int job = 0; job < 300; job++) {
                java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
                AtomicIntegerArray seen = new AtomicIntegerArray(2);
                ctx.parallelFor(2, 1 << 20, (from, to) -> {
                    if (Thread.currentThread().getName().startsWith(IntraOpPool.THREAD_NAME)) byWorker.incrementAndGet();
                    started.incrementAndGet();
                    long until = System.nanoTime() + 50_000_000L;
                    while (started.get() < 2 && System.nanoTime() < until) Thread.yield();
                    for (int i = from; i < to; i++) seen.incrementAndGet(i);
                });
                for (int i = 0; i < 2; i++) assertEquals(1, seen.get(i), "job " + job + " item " + i);
            }
            assertTrue(byWorker.get() >= 295, "the worker ran " + byWorker.get() + " of 300 chunks it was woken for");
        } finally {
            pool.close();
        }
    }

    @Test
    void aFailingChunkThrowsInTheCaller() {
        IntraOpPool pool = new IntraOpPool(3, true);
        try {
            ExecContext ctx = new ExecContext(pool, 4, Long.MAX_VALUE);
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> ctx.parallelFor(4000, 1 << 16, (from, to) -> {
                        if (from <= 3500 && 3500 < to) throw boom;
                    }));
            assertSame(boom, thrown);
            // The context stays usable after a failure.
            AtomicIntegerArray seen = new AtomicIntegerArray(8);
            ctx.parallelFor(8, 1 << 16, (from, to) -> {
                for (int i = from; i < to; i++) seen.incrementAndGet(i);
            });
            for (int i = 0; i < 8; i++) assertEquals(1, seen.get(i));
        } finally {
            pool.close();
        }
    }
}
