package dev.jinn.kernels.pool;

import dev.jinn.kernels.WindowShape;

/**
 * Max and average pooling over one channel plane of an image, windows placed by a
 * {@link WindowShape}. Padding never takes part in a maximum (NaN wins, as in {@code Math.max}); an
 * average divides by the taps inside the image, or also those in the padding when
 * {@code countIncludePad}. Two implementations sit side by side, {@link ScalarPoolKernel} and
 * {@link VectorPoolKernel}; {@link dev.jinn.kernels.Kernels} picks one once per JVM. They differ in
 * the two row primitives and share the loops around them, so their results have the same bits. The
 * loops take the output a row at a time (every axis fixed but the last, {@link WindowRows}) and a
 * primitive per kernel tap along the row, so no index arithmetic is left per element, in any rank.
 */
public interface PoolKernel {
    String name();

    /** {@code y[yOff + i] = max(y[yOff + i], x[xOff + i * stride])} for i < n, as {@code Math.max}. */
    void maxInto(float[] x, int xOff, int stride, float[] y, int yOff, int n);

    /** {@code y[yOff + i] += x[xOff + i * stride]} for i < n. */
    void addInto(float[] x, int xOff, int stride, float[] y, int yOff, int n);

    /**
     * Max over each window of the plane at {@code x[xOff]} into {@code y[yOff..]}; when {@code indices}
     * is not null it gets the flat index of each maximum ({@code indexBase} + the spatial offset,
     * row-major, or column-major when {@code columnMajor}).
     */
    default void maxPool(float[] x, int xOff, WindowShape s, float[] y, int yOff, long[] indices, long indexBase,
                         boolean columnMajor) {
        WindowRows w = new WindowRows(s);
        if (indices != null) {
            maxWithIndices(x, xOff, w, s, y, yOff, indices, indexBase, columnMajor);
            return;
        }
        int a = w.last, wd = s.in()[a], ow = s.out()[a], sw = s.strides()[a];
        // A maximum's taps may be taken in any order, so the input rows of an output row are merged
        // first, column by column at unit stride, and the strided passes along the row read the merged
        // row: (rows - 1) contiguous passes replace (rows - 1) * kernel width strided ones. Its sw spare
        // floats leave room for the whole stride group of the row's last column, which a vector reads.
        float[] merged = new float[wd + sw];
        int[][] cols = s.insideRanges(a);
        for (int r = 0; r < w.rows; r++) {
            w.select(r);
            int yRow = yOff + r * ow;
            java.util.Arrays.fill(y, yRow, yRow + ow, Float.NEGATIVE_INFINITY);
            if (w.count == 0) continue;
            float[] src = x;
            int srcOff = xOff + w.offset[0];
            if (w.count > 1) {
                System.arraycopy(x, srcOff, merged, 0, wd);
                for (int k = 1; k < w.count; k++) maxInto(x, xOff + w.offset[k], 1, merged, 0, wd);
                src = merged;
                srcOff = 0;
            }
            alongRow(src, srcOff, s, cols, y, yRow, true);
        }
    }

    /**
     * Average over each window; {@code padEnd} bounds the padding that counts with {@code countIncludePad}.
     * Every element adds its taps in row-major order, as a window walked tap by tap would.
     */
    default void averagePool(float[] x, int xOff, WindowShape s, int[] padEnd, boolean countIncludePad,
                             float[] y, int yOff) {
        WindowRows w = new WindowRows(s);
        int a = w.last, ow = s.out()[a];
        int[][] cols = s.insideRanges(a);
        // The count is a product of one count per axis, as the window is.
        int[][] counts = new int[a + 1][];
        for (int d = 0; d <= a; d++) counts[d] = taps(s, d, padEnd[d], countIncludePad);
        for (int r = 0; r < w.rows; r++) {
            w.select(r);
            int yRow = yOff + r * ow;
            java.util.Arrays.fill(y, yRow, yRow + ow, 0f);
            for (int k = 0; k < w.count; k++) alongRow(x, xOff + w.offset[k], s, cols, y, yRow, false);
            int rowCount = 1;
            for (int d = 0; d < a; d++) rowCount *= counts[d][w.at[d]];
            for (int c = 0; c < ow; c++) y[yRow + c] /= rowCount * counts[a][c];
        }
    }

    /**
     * One input row's part of one output row: a row primitive per kernel tap along the last axis, over
     * the output columns {@code cols} ({@link WindowShape#insideRanges}) whose tap is inside the row.
     */
    private void alongRow(float[] x, int xRow, WindowShape s, int[][] cols, float[] y, int yRow, boolean max) {
        int a = s.in().length - 1, sw = s.strides()[a], dw = s.dilations()[a], pw = s.padBegin()[a];
        for (int j = 0; j < s.kernel()[a]; j++) {
            int c0 = cols[0][j], n = cols[1][j] - c0;
            if (n <= 0) continue;
            if (max) maxInto(x, xRow + c0 * sw - pw + j * dw, sw, y, yRow + c0, n);
            else addInto(x, xRow + c0 * sw - pw + j * dw, sw, y, yRow + c0, n);
        }
    }

    /** MaxPool with its Indices output: the first maximum of each window in row-major tap order, or the first NaN. */
    private static void maxWithIndices(float[] x, int xOff, WindowRows w, WindowShape s, float[] y, int yOff,
                                       long[] indices, long indexBase, boolean columnMajor) {
        int a = w.last, ow = s.out()[a], sw = s.strides()[a], dw = s.dilations()[a], pw = s.padBegin()[a];
        int[][] cols = s.insideRanges(a);
        long step = columnMajor ? w.columnMajorStep : 1;
        for (int r = 0; r < w.rows; r++) {
            w.select(r);
            int yRow = yOff + r * ow;
            java.util.Arrays.fill(y, yRow, yRow + ow, Float.NEGATIVE_INFINITY);
            java.util.Arrays.fill(indices, yRow, yRow + ow, -1L);
            for (int k = 0; k < w.count; k++) {
                int xRow = xOff + w.offset[k];
                long base = indexBase + (columnMajor ? w.columnMajor[k] : w.offset[k]);
                for (int j = 0; j < s.kernel()[a]; j++) {
                    for (int c = cols[0][j], p = c * sw - pw + j * dw; c < cols[1][j]; c++, p += sw) {
                        float v = x[xRow + p], m = y[yRow + c];
                        // Math.max's rule as the row primitives take it: NaN wins, and the first NaN stays.
                        if (indices[yRow + c] < 0 || v > m || (v != v && m == m)) {
                            y[yRow + c] = v;
                            indices[yRow + c] = base + p * step;
                        }
                    }
                }
            }
        }
    }

    /** Per output position along {@code axis}, the taps that count towards an average. */
    private static int[] taps(WindowShape s, int axis, int padEnd, boolean countIncludePad) {
        int out = s.out()[axis], in = s.in()[axis], pb = s.padBegin()[axis];
        int[] n = new int[out];
        for (int o = 0; o < out; o++) {
            for (int k = 0; k < s.kernel()[axis]; k++) {
                int p = o * s.strides()[axis] - pb + k * s.dilations()[axis];
                if (p >= 0 && p < in || countIncludePad && p >= -pb && p < in + padEnd) n[o]++;
            }
        }
        return n;
    }
}
