package dev.jinn.kernels.pool;

import dev.jinn.kernels.WindowShape;

/**
 * An N-D pool's output taken one row at a time (every axis fixed but the last), with the input rows
 * that each output row's windows read. The index arithmetic over the leading axes is done here, once
 * for all the planes of a pool, so the loops along the last axis need none per element, nor per row.
 */
final class WindowRows {
    /** The last axis, the one the row primitives run along. */
    final int last;
    /** Output rows: the product of the output dims before the last axis. */
    final int rows;
    /** Per output row, how many of its window's leading taps fall inside the image. */
    final int[] count;
    /** Per output row, the plane offsets of the input rows of those taps, in row-major tap order. */
    final int[][] offset;
    /** Per output row, those input rows' column-major flat indices (the spatial position with the last axis at 0). */
    final int[][] columnMajor;
    /** Per output row, its position on each leading axis. */
    final int[][] at;
    /** What one step along the last axis adds to a column-major flat index. */
    final int columnMajorStep;

    WindowRows(WindowShape s) {
        last = s.in().length - 1;
        int n = 1, taps = 1;
        for (int d = 0; d < last; d++) {
            n *= s.out()[d];
            taps *= s.kernel()[d];
        }
        rows = n;
        int[] inRows = new int[last], columnMajorStride = new int[last];
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
        count = new int[rows];
        offset = new int[rows][taps];
        columnMajor = new int[rows][taps];
        at = new int[rows][];
        int[] o = new int[last], k = new int[last];
        for (int r = 0; r < rows; r++) {
            at[r] = o.clone();
            for (int t = 0; t < taps; t++) {
                int row = 0, cm = 0;
                boolean inside = true;
                for (int d = 0; d < last; d++) {
                    int p = o[d] * s.strides()[d] - s.padBegin()[d] + k[d] * s.dilations()[d];
                    if (p < 0 || p >= s.in()[d]) inside = false;
                    row += p * inRows[d];
                    cm += p * columnMajorStride[d];
                }
                if (inside) {
                    offset[r][count[r]] = row * s.in()[last];
                    columnMajor[r][count[r]++] = cm;
                }
                for (int d = last - 1; d >= 0 && ++k[d] == s.kernel()[d]; d--) k[d] = 0;
            }
            for (int d = last - 1; d >= 0 && ++o[d] == s.out()[d]; d--) o[d] = 0;
        }
    }
}
