package dev.jinn.kernels.conv;

import dev.jinn.kernels.WindowShape;

/**
 * B of a stride-1 1-D or 2-D convolution without im2col: in the zero-padded image (Hp x Wp per
 * channel), the row of B for channel c and tap (ki, kj) is the image itself from
 * {@code (ki * dh) * Wp + kj * dw}, read over {@code oh * Wp} positions: the output computed over the
 * padded width, whose last {@code Wp - ow} columns of each row are discarded. The GEMM reads these
 * rows where they lie ({@code GemmKernel.gemmIndirectB}).
 */
public final class ShiftedRows {
    /** The padded image (or the input itself where it needs no padding), with room past its end. */
    public final float[] b;
    /** Offset of row {@code c * K + tap} of B in {@link #b}. */
    public final int[] rowOff;
    /** Padded width: the output's row pitch before the discarded columns are dropped. */
    public final int pitch;
    /** Positions per row of B: {@code oh * pitch}. */
    public final int n;

    /**
     * The {@code channels} channels from {@code x[xOff]}, for the windows {@code s} (all strides 1),
     * with {@code slack} readable floats past every row.
     */
    public ShiftedRows(float[] x, int xOff, int channels, WindowShape s, int slack) {
        boolean two = s.in().length == 2;
        int h = two ? s.in()[0] : 1, w = s.in()[two ? 1 : 0];
        int kh = two ? s.kernel()[0] : 1, kw = s.kernel()[two ? 1 : 0];
        int dh = two ? s.dilations()[0] : 1, dw = s.dilations()[two ? 1 : 0];
        int ph = two ? s.padBegin()[0] : 0, pw = s.padBegin()[two ? 1 : 0];
        int oh = two ? s.out()[0] : 1, ow = s.out()[two ? 1 : 0];
        int hp = oh + (kh - 1) * dh, wp = ow + (kw - 1) * dw;
        pitch = wp;
        n = oh * wp;
        int plane = hp * wp, taps = kh * kw;
        int need = channels * plane + (kw - 1) * dw + slack;
        boolean asIs = ph == 0 && pw == 0 && hp == h && wp == w && xOff + need <= x.length;
        int base = asIs ? xOff : 0;
        if (asIs) {
            b = x;
        } else {
            // With unit strides hp = h + both pads and wp = w + both pads: the pads stay zero.
            b = new float[need];
            for (int c = 0; c < channels; c++) {
                for (int iy = 0; iy < h; iy++) System.arraycopy(x, xOff + (c * h + iy) * w, b, c * plane + (iy + ph) * wp + pw, w);
            }
        }
        rowOff = new int[channels * taps];
        for (int c = 0; c < channels; c++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) rowOff[c * taps + ki * kw + kj] = base + c * plane + ki * dh * wp + kj * dw;
            }
        }
    }
}
