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
 * Rows that {@link RowNorm.RowFill a fill} writes first (the skip layer norms) are written and
 * normalized {@link #fillRows} at a time, so that they are still in L2 when normalized.
 *
 * <p>On the machine of docs/benchmarks.md (L1d 48 KiB, L2 2 MiB) these rules give the plans that
 * were measured best there; -Djinn.cache.l1d=32768 gives a 32 KiB core's plan on the same machine.
 */
record RowPlan(boolean pipelined, int groupRows, int fillRows) {
    /**
     * Share of L1d that the rows of a group (or a fill block) may fill: two thirds, which leaves the
     * rest to the scale and bias and the lines of Y being written. 32 KB of a 48 KB L1: LayerNorm's
     * rows of 768 took 13-14 µs four at a time against 18.5 one at a time at [1,128,768], instance
     * norm's rows of 3136 (four would fill 50 KB) 245-271 µs one at a time against 309-338 four at
     * a time at [8,64,56,56].
     */
    private static final double L1_SHARE = 2.0 / 3;

    /**
     * Layer-norm rows at least this long start their two passes at a cache line (the kernel's lead),
     * which is what the two passes gain over the pipeline where the row stays in L1: rows of 4096,
     * 6.3-6.7 ms in two passes against 6.5-7.1 pipelined (harness, 48 KB L1). Shorter rows have no
     * lead, and once X is out of L2 the pipeline wins: LayerNorm [8,512,768] took 860-1050 µs so
     * against 1,150-1,210 in groups of four, RMSNorm 690-820 against 840-990 (harness, 1 thread,
     * alternated in one JVM).
     */
    static final int LONG_ROW = 2048;

    /** The plan for X of m rows of n under this JVM's {@link CacheGeometry}. */
    static RowPlan of(int m, int n, boolean centered) {
        return of(CacheGeometry.get(), m, n, centered);
    }

    /**
     * The plan under {@code g}. X of more than twice L2 goes through the pipeline (X that fits in L2
     * keeps the groups: LayerNorm [1,128,768], 13 against 19 µs), except layer-norm rows of {@link
     * #LONG_ROW} or more whose three streams in the last pass (X's row, Y's, the scale) fit in L1:
     * those gain more from aligned passes over L1 than from reading X once. RMS rows have a single
     * statistics pass of their own in the pipeline (sum of squares), so any RMS X out of L2 is
     * pipelined.
     */
    static RowPlan of(CacheGeometry g, int m, int n, boolean centered) {
        long rowBytes = 4L * n;
        boolean large = rowBytes * m > 2 * g.l2();
        boolean rowInL1 = 3 * rowBytes <= g.l1d();
        boolean pipelined = large && (!centered || n < LONG_ROW || !rowInL1);
        return new RowPlan(pipelined, groupRows(g, n), fillRows(g, n));
    }

    /**
     * Rows of length n to take together in two passes: {@link NormKernel#ROWS} where that many fill
     * at most {@link #L1_SHARE} of L1d, else one (the sums are the same bits either way).
     */
    static int groupRows(CacheGeometry g, int n) {
        return 4L * n * NormKernel.ROWS <= g.l1d() * L1_SHARE ? NormKernel.ROWS : 1;
    }

    /**
     * Rows that a fill writes at a time: whole groups of four, a sixteenth of L2 (128 KB of 2 MB,
     * which stays in L2 until normalized, beside the scale, bias and the other streams), and at
     * least eight, so that a block's first row, whose statistics the pipeline takes alone, is a
     * small part of it.
     */
    private static int fillRows(CacheGeometry g, int n) {
        long rows = g.l2() / 16 / (4L * Math.max(1, n));
        return (int) Math.max(8, rows) / NormKernel.ROWS * NormKernel.ROWS;
    }
}
