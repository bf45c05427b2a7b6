package dev.jinn.exec;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Float32 arrays that closed {@link Result}s gave back, for the next run's outputs. A reused array
 * is neither zeroed nor cold in the cache, which for the memory-bound normalization ops is most of
 * a run's cost. The pool is bounded; arrays past the bound are left to the garbage collector.
 */
final class OutputPool {
    private final long maxBytes;
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private long bytes;

    OutputPool(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** An array of {@code n} floats, possibly holding old values. */
    synchronized float[] take(int n) {
        ArrayDeque<float[]> q = free.get(n);
        float[] a = q == null ? null : q.pollFirst();
        if (a == null) return new float[n];
        bytes -= 4L * n;
        return a;
    }

    synchronized void clear() {
        free.clear();
        bytes = 0;
    }

    synchronized void giveBack(float[] a) {
        if (bytes + 4L * a.length > maxBytes) return;
        free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).addFirst(a);
        bytes += 4L * a.length;
    }
}
