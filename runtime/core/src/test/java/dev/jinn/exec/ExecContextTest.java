package dev.jinn.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** parallelFor: every item runs exactly once whoever claims its chunk, and a chunk's failure reaches the caller. */
class ExecContextTest {
    @Test
    void everyItemRunsExactlyOnce() {
        IntraOpPool pool = new IntraOpPool(3);
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
    void aFailingChunkThrowsInTheCaller() {
        IntraOpPool pool = new IntraOpPool(3);
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
