package dev.jinn.kernels.pool;

import dev.jinn.kernels.WindowShape;

/**
 * An N-D pool's output taken one row at a time (every axis fixed but the last), with the input rows
 * that the row's windows read. The index arithmetic over the leading axes is done here, once per
 * output row, so the loops along the last axis need none per element.
 */
final class WindowRows {
    /** The last axis, the one the row primitives run along. */
    final int last;
    /** Output rows: the product of the output dims before the last axis. */
    final int rows;
    /** Row-major plane offsets of the input rows that the selected output row reads, in row-major tap order. */
    final int[] offset;
    /** Their column-major flat indices (the spatial position with the last axis at 0). */
    final int[] columnMajor;
    /** How many of {@link #offset} the selected output row has: its leading taps that fall inside the image. */
    int count;
    /** The selected output row's position on each leading axis. */
    final int[] at;
    /** What one step along the last axis adds to a column-major flat index. */
    final int columnMajorStep;

    private final WindowShape s;
    private final int taps;
    private final int[] inRows, columnMajorStride;

    WindowRows(WindowShape s) {
        this.s = s;
        last = s.in().length - 1;
        int n = 1, t = 1;
        for (int d = 0; d < last; d++) {
            n *= s.out()[d];
            t *= s.kernel()[d];
        }
        rows = n;
        taps = t;
        offset = new int[t];
        columnMajor = new int[t];
        at = new int[last];
        inRows = new int[last];
        columnMajorStride = new int[last];
        for (int d = last - 1, acc = 1; d >= 0; d--) {
            inRows[d] = acc;
            acc *= s.in()[d];
        }
        int acc = 1;
        for (int d = 0; d < last; d++) {
            columnMajorStride[d] = acc;
            acc *= s.in()[d];
        }
        columnMajorStep = acc;
    }

    /** Makes output row {@code row} (row-major over the leading axes) the selected one. */
    void select(int row) {
        for (int d = last - 1; d >= 0; d--) {
            at[d] = row % s.out()[d];
            row /= s.out()[d];
        }
        count = 0;
        for (int t = 0; t < taps; t++) {
            int r = 0, cm = 0;
            boolean inside = true;
            for (int d = last - 1, k = t; d >= 0; d--) {
                int p = at[d] * s.strides()[d] - s.padBegin()[d] + k % s.kernel()[d] * s.dilations()[d];
                k /= s.kernel()[d];
                if (p < 0 || p >= s.in()[d]) inside = false;
                r += p * inRows[d];
                cm += p * columnMajorStride[d];
            }
            if (inside) {
                offset[count] = r * s.in()[last];
                columnMajor[count++] = cm;
            }
        }
    }
}
