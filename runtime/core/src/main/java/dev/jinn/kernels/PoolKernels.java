package dev.jinn.kernels;

/**
 * Max and average pooling over one channel plane of an N-D image, windows placed by a
 * {@link ConvKernels.Shape}. Padding never takes part in a maximum; an average divides by the taps
 * inside the image, or also those in the padding when {@code countIncludePad}.
 */
public final class PoolKernels {
    private PoolKernels() {}

    /**
     * Max over each window of the plane at {@code x[xOff]} into {@code y[yOff..]}; when {@code indices}
     * is not null it gets the flat index of each maximum ({@code indexBase} + the spatial offset,
     * row-major, or column-major when {@code columnMajor}).
     */
    public static void maxPool(float[] x, int xOff, ConvKernels.Shape s, float[] y, int yOff,
                               long[] indices, long indexBase, boolean columnMajor) {
        Walker w = new Walker(s);
        for (int o = 0; o < w.outSize; o++) {
            float max = Float.NEGATIVE_INFINITY;
            int at = -1;
            for (int t = 0; t < w.taps; t++) {
                int off = w.tap(t);
                if (off >= 0 && (at < 0 || x[xOff + off] > max)) {
                    max = x[xOff + off];
                    at = off;
                }
            }
            y[yOff + o] = max;
            if (indices != null) indices[yOff + o] = at < 0 ? -1 : indexBase + (columnMajor ? w.columnMajor(at) : at);
            w.next();
        }
    }

    /** Average over each window; {@code padEnd} bounds the padding that counts with {@code countIncludePad}. */
    public static void averagePool(float[] x, int xOff, ConvKernels.Shape s, int[] padEnd, boolean countIncludePad,
                                   float[] y, int yOff) {
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

    /** Steps through output positions and, for each, the kernel taps of its window. */
    private static final class Walker {
        final ConvKernels.Shape s;
        final int r, taps, outSize;
        final int[] opos, kpos, pos, inStride;

        Walker(ConvKernels.Shape s) {
            this.s = s;
            r = s.in().length;
            taps = s.kernelSize();
            outSize = s.outSize();
            opos = new int[r];
            kpos = new int[r];
            pos = new int[r];
            inStride = new int[r];
            for (int d = r - 1, acc = 1; d >= 0; d--) {
                inStride[d] = acc;
                acc *= s.in()[d];
            }
        }

        /** Offset in the plane of tap t of the current window, or -1 when it falls in the padding. */
        int tap(int t) {
            int off = 0;
            boolean inside = true;
            for (int d = r - 1; d >= 0; d--) {
                int k = t % s.kernel()[d];
                t /= s.kernel()[d];
                int p = opos[d] * s.strides()[d] - s.padBegin()[d] + k * s.dilations()[d];
                pos[d] = p;
                if (p < 0 || p >= s.in()[d]) inside = false;
                off += p * inStride[d];
            }
            return inside ? off : -1;
        }

        /** Whether the tap last given by {@link #tap} lies within the declared padding (not past it). */
        boolean inPadding(int[] padEnd) {
            for (int d = 0; d < r; d++) if (pos[d] < -s.padBegin()[d] || pos[d] >= s.in()[d] + padEnd[d]) return false;
            return true;
        }

        int columnMajor(int rowMajor) {
            int idx = 0, mul = 1;
            for (int d = 0; d < r; d++) {
                idx += (rowMajor / inStride[d]) % s.in()[d] * mul;
                mul *= s.in()[d];
            }
            return idx;
        }

        void next() {
            for (int d = r - 1; d >= 0; d--) {
                if (++opos[d] < s.out()[d]) return;
                opos[d] = 0;
            }
        }
    }
}
