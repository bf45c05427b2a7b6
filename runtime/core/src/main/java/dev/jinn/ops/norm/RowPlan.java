package dev.jinn.ops.norm;

import dev.jinn.kernels.CacheGeometry;
import dev.jinn.kernels.norm.NormKernel;

/**
 * How the rows of one row normalization ({@link RowNorm}, and the groups of {@link GroupedNorm}) are
 * taken, chosen from the shape and the cache geometry, never from the thread count, so that
 * results do not depend on it. Rows go either
 * <ul>
 * <li>in two passes per row, up to {@link #groupRows} rows at a time: their sums and squares, then
 *     their output, all of a group from L1; or
 * <li>{@link #pipelined}: each row written while the next one's statistics are taken in the same
 *     pass, so that X is read once from memory (or L3).
 * </ul>
 *
 * <p>-Djinn.cache.l1d=32768 gives a 32 KiB core's plan on a machine with a larger L1.
 */
record RowPlan(boolean pipelined, int groupRows) {
    /**
     * Share of L1d that the rows of a group (or all of X, to stay there between calls) may fill:
     * two thirds, which leaves the rest to the scale and bias and the lines of Y being written. 32
     * KB of a 48 KB L1 (Zen 5): LayerNorm's rows of 768 took 13-14 µs four at a time against 18.5
     * one at a time at [1,128,768], instance norm's rows of 3136 (four would fill 50 KB) 245-271 µs
     * one at a time against 309-338 four at a time at [8,64,56,56].
     */
    private static final double L1_SHARE = 2.0 / 3;

    /**
     * RMS rows at least this long take the pipeline on plain sums of squares, which start at a cache
     * line (the kernel's lead): RMSNorm [4,1024,4096] took 4,482-4,763 µs so against 5,193-5,840 in
     * two passes; rows of 768 take the mean and M2, 586-618 µs against 636-722 for the sum of
     * squares at [8,512,768] (`jinn bench`, alternated, Zen 5).
     */
    static final int LONG_ROW = 2048;

    /** The plan for X of m rows of n under this JVM's {@link CacheGeometry}. */
    static RowPlan of(int m, int n) {
        return of(CacheGeometry.get(), m, n);
    }

    /**
     * The plan under {@code g}: the pipeline for any X larger than the {@link #L1_SHARE} of L1d,
     * groups for X that stays in L1 from call to call. The groups read each row three times, the
     * pipeline once with more arithmetic per element; once X comes from L2 or further, reading it
     * once wins. On the Xeon of docs/benchmarks.md (L1d 48 KiB, L2 2 MiB; harness, 1 thread, minimum
     * of 300 calls, alternated in one JVM, machine loaded), layer norm in groups against the
     * pipeline: [32,768] 6.8 against 4.9 µs, [128,768] 28-33 against 19-25, [256,768] 64-67
     * against 37, [512,768] 176-217 against 96 (copy 94), [128,1024] 45 against 24, [64,4096] 69-74
     * against 56-57; RMS norm [128,768] 24 against 17. (On the Zen 5 where the plans were first
     * timed, [1,128,768] took 13 µs in groups against 19 pipelined; that CPU has the same L1d, so
     * the geometry does not tell the two apart, and the rule follows the Xeon's figures.)
     */
    static RowPlan of(CacheGeometry g, int m, int n) {
        boolean pipelined = 4L * m * n > g.l1d() * L1_SHARE;
        return new RowPlan(pipelined, groupRows(g, n));
    }

    /**
     * Rows of length n to take together in two passes: {@link NormKernel#ROWS} where that many fill
     * at most {@link #L1_SHARE} of L1d, else one (the sums are the same bits either way).
     */
    static int groupRows(CacheGeometry g, int n) {
        return 4L * n * NormKernel.ROWS <= g.l1d() * L1_SHARE ? NormKernel.ROWS : 1;
    }
}
