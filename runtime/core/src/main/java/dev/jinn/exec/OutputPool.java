package dev.jinn.exec;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Float32 arrays that closed {@link Result}s and freed intermediates gave back, for the next arrays
 * of their size. A reused array is neither zeroed nor cold in the cache, which for the memory-bound
 * normalization ops is most of a run's cost. The pool is bounded, and holds its arrays softly: the
 * collector takes them back before the heap runs out, so a pool never makes a run fail.
 */
final class OutputPool {
    private final long maxBytes;
    private final Map<Integer, ArrayDeque<SoftReference<float[]>>> free = new HashMap<>();
    /** Bytes of the arrays held, counting those the collector took back until they are found gone. */
    private long bytes;

    OutputPool(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** An array of {@code n} floats, possibly holding old values. */
    synchronized float[] take(int n) {
        ArrayDeque<SoftReference<float[]>> q = free.get(n);
        while (q != null && !q.isEmpty()) {
            float[] a = q.pollFirst().get();
            bytes -= 4L * n;
            if (a != null) return a;
        }
        return new float[n];
    }

    synchronized void clear() {
        free.clear();
        bytes = 0;
    }

    synchronized void giveBack(float[] a) {
        if (bytes + 4L * a.length > maxBytes) return;
        free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).addFirst(new SoftReference<>(a));
        bytes += 4L * a.length;
    }
}
