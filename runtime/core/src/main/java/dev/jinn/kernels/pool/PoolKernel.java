package dev.jinn.kernels.pool;

import dev.jinn.kernels.WindowShape;

/**
 * Max and average pooling over the channel planes of an image, windows placed by a
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
     * Max over each window of planes [from, to): plane p is {@code x[p * s.inSize()..]}, its output
     * {@code y[p * s.outSize()..]}. When {@code indices} is not null it gets the flat index of each
     * maximum ({@code p * s.inSize()} + the spatial offset, row-major, or column-major when
     * {@code columnMajor}).
     */
    default void maxPool(float[] x, WindowShape s, int from, int to, float[] y, long[] indices, boolean columnMajor) {
        WindowRows w = new WindowRows(s);
        if (indices != null) {
            maxWithIndices(x, s, w, from, to, y, indices, columnMajor);
            return;
        }
        int a = w.last, wd = s.in()[a], ow = s.out()[a], sw = s.strides()[a], plane = s.inSize(), outPlane = s.outSize();
        // A maximum's taps may be taken in any order, so the input rows of an output row are merged
        // first, column by column at unit stride, and the strided passes along the row read the merged
        // row: (rows - 1) contiguous passes replace (rows - 1) * kernel width strided ones. Its sw spare
        // floats leave room for the whole stride group of the row's last column, which a vector reads.
        float[] merged = new float[wd + sw];
        int[][] cols = s.insideRanges(a);
        for (int pl = from; pl < to; pl++) {
            int xOff = pl * plane;
            for (int r = 0; r < w.rows; r++) {
                int yRow = pl * outPlane + r * ow, n = w.count[r];
                int[] rowOff = w.offset[r];
                java.util.Arrays.fill(y, yRow, yRow + ow, Float.NEGATIVE_INFINITY);
                if (n == 0) continue;
                float[] src = x;
                int srcOff = xOff + rowOff[0];
                if (n > 1) {
                    System.arraycopy(x, srcOff, merged, 0, wd);
                    for (int k = 1; k < n; k++) maxInto(x, xOff + rowOff[k], 1, merged, 0, wd);
                    src = merged;
                    srcOff = 0;
                }
                alongRow(src, srcOff, s, cols, y, yRow, true);
            }
        }
    }

    /**
     * Average over each window of planes [from, to), laid out as for {@link #maxPool}; {@code padEnd}
     * bounds the padding that counts with {@code countIncludePad}. Every element adds its taps in
     * row-major order, as a window walked tap by tap would.
     */
    default void averagePool(float[] x, WindowShape s, int[] padEnd, boolean countIncludePad, int from, int to, float[] y) {
        WindowRows w = new WindowRows(s);
        int a = w.last, ow = s.out()[a], plane = s.inSize(), outPlane = s.outSize();
        int[][] cols = s.insideRanges(a);
        // The count is a product of one count per axis, as the window is.
        int[][] counts = new int[a + 1][];
        for (int d = 0; d <= a; d++) counts[d] = taps(s, d, padEnd[d], countIncludePad);
        int[] rowCount = new int[w.rows];
        for (int r = 0; r < w.rows; r++) {
            rowCount[r] = 1;
            for (int d = 0; d < a; d++) rowCount[r] *= counts[d][w.at[r][d]];
        }
        for (int pl = from; pl < to; pl++) {
            for (int r = 0; r < w.rows; r++) {
                int yRow = pl * outPlane + r * ow;
                java.util.Arrays.fill(y, yRow, yRow + ow, 0f);
                for (int k = 0; k < w.count[r]; k++) alongRow(x, pl * plane + w.offset[r][k], s, cols, y, yRow, false);
                for (int c = 0; c < ow; c++) y[yRow + c] /= rowCount[r] * counts[a][c];
            }
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
    private static void maxWithIndices(float[] x, WindowShape s, WindowRows w, int from, int to, float[] y, long[] indices,
                                       boolean columnMajor) {
        int a = w.last, ow = s.out()[a], sw = s.strides()[a], dw = s.dilations()[a], pw = s.padBegin()[a];
        int plane = s.inSize(), outPlane = s.outSize();
        int[][] cols = s.insideRanges(a);
        long step = columnMajor ? w.columnMajorStep : 1;
        for (int pl = from; pl < to; pl++) {
            for (int r = 0; r < w.rows; r++) {
                int yRow = pl * outPlane + r * ow;
                java.util.Arrays.fill(y, yRow, yRow + ow, Float.NEGATIVE_INFINITY);
                java.util.Arrays.fill(indices, yRow, yRow + ow, -1L);
                for (int k = 0; k < w.count[r]; k++) {
                    int xRow = pl * plane + w.offset[r][k];
                    long base = (long) pl * plane + (columnMajor ? w.columnMajor[r][k] : w.offset[r][k]);
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
