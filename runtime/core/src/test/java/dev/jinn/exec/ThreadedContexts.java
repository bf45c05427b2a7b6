package dev.jinn.exec;

import java.util.function.Consumer;

/** Execution contexts with intra-op threads, for tests outside this package that call kernels' drivers directly. */
public final class ThreadedContexts {
    private ThreadedContexts() {}

    /** Runs {@code body} with a context of {@code threads} threads, whose pool is closed afterwards. */
    public static void with(int threads, Consumer<ExecContext> body) {
        if (threads == 1) {
            body.accept(ExecContext.singleThreaded());
            return;
        }
        IntraOpPool pool = new IntraOpPool(threads - 1, true);
        try {
            body.accept(new ExecContext(pool, threads, Long.MAX_VALUE));
        } finally {
            pool.close();
        }
    }
}
