package dev.jinn.kernels.pool;

import dev.jinn.kernels.WindowShape;

/**
 * Max and average pooling over one channel plane of an image, windows placed by a
 * {@link WindowShape}. Padding never takes part in a maximum (NaN wins, as in {@code Math.max}); an
 * average divides by the taps inside the image, or also those in the padding when
 * {@code countIncludePad}. Two implementations sit side by side, {@link ScalarPoolKernel} and
 * {@link VectorPoolKernel}; {@link dev.jinn.kernels.Kernels} picks one once per JVM. They differ in
 * the two row primitives and share the loops around them, so their results have the same bits.
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
        if (indices == null && s.in().length <= 2) {
            rows(x, xOff, s, y, yOff, true);
            return;
        }
        Walker w = new Walker(s);
        for (int o = 0; o < w.outSize; o++) {
            float max = Float.NEGATIVE_INFINITY;
            int at = -1;
            for (int t = 0; t < w.taps; t++) {
                int off = w.tap(t);
                if (off < 0) continue;
                float v = x[xOff + off];
                // The first maximum, or the first NaN, which then stays: Math.max's rule, as the rows take it.
                if (at < 0 || v > max || (v != v && max == max)) {
                    max = v;
                    at = off;
                }
            }
            y[yOff + o] = max;
            if (indices != null) indices[yOff + o] = at < 0 ? -1 : indexBase + (columnMajor ? w.columnMajor(at) : at);
            w.next();
        }
    }

    /** Average over each window; {@code padEnd} bounds the padding that counts with {@code countIncludePad}. */
    default void averagePool(float[] x, int xOff, WindowShape s, int[] padEnd, boolean countIncludePad,
                             float[] y, int yOff) {
        if (s.in().length <= 2) {
            rows(x, xOff, s, y, yOff, false);
            // The count is a product of one count per axis, as the window is.
            int two = s.in().length - 1;
            int[] perRow = two == 1 ? taps(s, 0, padEnd[0], countIncludePad) : new int[] {1};
            int[] perCol = taps(s, two, padEnd[two], countIncludePad);
            for (int r = 0, o = yOff; r < perRow.length; r++) {
                for (int c = 0; c < perCol.length; c++, o++) y[o] /= perRow[r] * perCol[c];
            }
            return;
        }
        Walker w = new Walker(s);
        for (int o = 0; o < w.outSize; o++) {
            float sum = 0f;
            int count = 0;
            for (int t = 0; t < w.taps; t++) {
                int off = w.tap(t);
                if (off >= 0) {
                    sum += x[xOff + off];
                    count++;
                } else if (countIncludePad && w.inPadding(padEnd)) {
                    count++;
                }
            }
            y[yOff + o] = sum / count;
            w.next();
        }
    }

    /**
     * 1-D or 2-D windows by rows: each output row starts at -inf (max) or 0 (sum) and takes one row
     * primitive per kernel tap, over the output columns whose tap is inside the image, so no index
     * arithmetic is left in the inner loop; every element still takes its taps in row-major order.
     */
    private void rows(float[] x, int xOff, WindowShape s, float[] y, int yOff, boolean max) {
        boolean two = s.in().length == 2;
        int h = two ? s.in()[0] : 1, kh = two ? s.kernel()[0] : 1, oh = two ? s.out()[0] : 1;
        int sh = two ? s.strides()[0] : 1, dh = two ? s.dilations()[0] : 1, ph = two ? s.padBegin()[0] : 0;
        int a = two ? 1 : 0;
        int wd = s.in()[a], kw = s.kernel()[a], ow = s.out()[a], sw = s.strides()[a], dw = s.dilations()[a];
        int pw = s.padBegin()[a];
        int[][] cols = s.insideRanges(a);
        for (int r = 0; r < oh; r++) {
            int yRow = yOff + r * ow;
            java.util.Arrays.fill(y, yRow, yRow + ow, max ? Float.NEGATIVE_INFINITY : 0f);
            for (int i = 0; i < kh; i++) {
                int ih = r * sh - ph + i * dh;
                if (ih < 0 || ih >= h) continue;
                int xRow = xOff + ih * wd;
                for (int j = 0; j < kw; j++) {
                    int c0 = cols[0][j], n = cols[1][j] - c0;
                    if (n <= 0) continue;
                    if (max) maxInto(x, xRow + c0 * sw - pw + j * dw, sw, y, yRow + c0, n);
                    else addInto(x, xRow + c0 * sw - pw + j * dw, sw, y, yRow + c0, n);
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
