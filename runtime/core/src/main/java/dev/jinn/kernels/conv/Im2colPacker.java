package dev.jinn.kernels.conv;

import dev.jinn.kernels.WindowShape;
import dev.jinn.kernels.gemm.GemmKernel;

/**
 * B of a convolution as a matrix product, unfolded a block at a time straight into the GEMM's panel
 * layout: row {@code c * K + k} (channel c of the group, kernel tap k) holds, for every output
 * position, the input element that tap sees there, or 0 in the padding. No im2col matrix is ever
 * stored whole. 1-D and 2-D images copy runs of one output row at a time (with unit strides, by
 * {@code System.arraycopy}); other ranks go element by element.
 */
public final class Im2colPacker implements GemmKernel.BPacker {
    private final float[] x;
    private final int xOff;
    private final WindowShape s;
    private final int taps, plane;
    // The 2-D view: a 1-D image is one row.
    private final int h, wd, kw, sh, sw, dh, dw, ph, pw, ow;
    private final int[][] inside;
    /**
     * For small 1-D and 2-D images, whose output rows are too short for copies to pay: for tap t and
     * output position j, the offset in the channel plane at {@code t * P + j}, or -1 in the padding.
     */
    private final int[] table;

    /** The channels of one group of one image, from {@code x[xOff]}. */
    public Im2colPacker(float[] x, int xOff, WindowShape s) {
        this.x = x;
        this.xOff = xOff;
        this.s = s;
        this.taps = s.kernelSize();
        this.plane = s.inSize();
        int r = s.in().length, a = r - 1;
        boolean two = r == 2;
        h = two ? s.in()[0] : 1;
        sh = two ? s.strides()[0] : 1;
        dh = two ? s.dilations()[0] : 1;
        ph = two ? s.padBegin()[0] : 0;
        wd = s.in()[a];
        kw = s.kernel()[a];
        sw = s.strides()[a];
        dw = s.dilations()[a];
        pw = s.padBegin()[a];
        ow = s.out()[a];
        inside = r <= 2 ? s.insideRanges(a) : null;
        long entries = (long) taps * s.outSize();
        table = inside != null && ow < 32 && entries <= 1 << 16 ? table() : null;
    }

    private Im2colPacker(Im2colPacker layout, int xOff) {
        this.x = layout.x;
        this.xOff = xOff;
        this.s = layout.s;
        this.taps = layout.taps;
        this.plane = layout.plane;
        this.h = layout.h;
        this.wd = layout.wd;
        this.kw = layout.kw;
        this.sh = layout.sh;
        this.sw = layout.sw;
        this.dh = layout.dh;
        this.dw = layout.dw;
        this.ph = layout.ph;
        this.pw = layout.pw;
        this.ow = layout.ow;
        this.inside = layout.inside;
        this.table = layout.table;
    }

    /** The same unfolding of the same image for the channels from {@code x[xOff]} (another group or image). */
    public Im2colPacker at(int xOff) {
        return new Im2colPacker(this, xOff);
    }

    private int[] table() {
        int p = s.outSize();
        int[] t = new int[taps * p];
        for (int tap = 0; tap < taps; tap++) {
            int ki = tap / kw, kj = tap % kw;
            for (int j = 0; j < p; j++) {
                int iy = (j / ow) * sh - ph + ki * dh, ix = (j % ow) * sw - pw + kj * dw;
                t[tap * p + j] = iy >= 0 && iy < h && ix >= 0 && ix < wd ? iy * wd + ix : -1;
            }
        }
        return t;
    }

    @Override
    public void pack(int p0, int kc, int j0, int nc, int nr, float[] dst) {
        int panels = (nc + nr - 1) / nr;
        for (int p = 0; p < kc; p++) {
            int row = p0 + p, ch = row / taps, tap = row % taps;
            if (table != null) packRowByTable(xOff + ch * plane, tap * s.outSize() + j0, nc, nr, kc, p, dst);
            else if (inside != null) packRow(xOff + ch * plane, tap / kw, tap % kw, j0, nc, nr, kc, p, dst);
            else packRowAnyRank(xOff + ch * plane, tap, j0, nc, nr, kc, p, dst);
            for (int jj = nc; jj < panels * nr; jj++) dst[(jj / nr) * kc * nr + p * nr + jj % nr] = 0f;
        }
    }

    /** One row of B, tap (ki, kj) of the channel at {@code chBase}, columns [j0, j0 + nc). */
    private void packRow(int chBase, int ki, int kj, int j0, int nc, int nr, int kc, int p, float[] dst) {
        int first = inside[0][kj], end = inside[1][kj];
        int shift = kj * dw - pw;
        int oy = j0 / ow, ox = j0 % ow;
        for (int jj = 0; jj < nc; ) {
            int within = jj % nr;
            // A run stays in one panel and one output row.
            int run = Math.min(Math.min(nr - within, ow - ox), nc - jj);
            int d = (jj / nr) * kc * nr + p * nr + within;
            int iy = oy * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) {
                java.util.Arrays.fill(dst, d, d + run, 0f);
            } else {
                int a = Math.min(Math.max(first, ox), ox + run), b = Math.max(a, Math.min(end, ox + run));
                java.util.Arrays.fill(dst, d, d + (a - ox), 0f);
                int src = chBase + iy * wd + a * sw + shift, at = d + (a - ox);
                // Only where some tap is inside: src may point before the image otherwise.
                if (b > a && sw == 1) {
                    System.arraycopy(x, src, dst, at, b - a);
                } else {
                    for (int i = 0; i < b - a; i++) dst[at + i] = x[src + i * sw];
                }
                java.util.Arrays.fill(dst, d + (b - ox), d + run, 0f);
            }
            jj += run;
            ox += run;
            if (ox == ow) {
                ox = 0;
                oy++;
            }
        }
    }

    private void packRowByTable(int chBase, int t0, int nc, int nr, int kc, int p, float[] dst) {
        for (int jj = 0, panel = 0; jj < nc; panel++) {
            int end = Math.min(nc, jj + nr), d = panel * kc * nr + p * nr - jj;
            for (; jj < end; jj++) {
                int at = table[t0 + jj];
                dst[d + jj] = at < 0 ? 0f : x[chBase + at];
            }
        }
    }

    /** {@link #packRow} for images of any rank, one element at a time. */
    private void packRowAnyRank(int chBase, int tap, int j0, int nc, int nr, int kc, int p, float[] dst) {
        int r = s.in().length;
        int[] kpos = new int[r], opos = new int[r];
        for (int d = r - 1, t = tap, o = j0; d >= 0; d--) {
            kpos[d] = t % s.kernel()[d];
            t /= s.kernel()[d];
            opos[d] = o % s.out()[d];
            o /= s.out()[d];
        }
        for (int jj = 0; jj < nc; jj++) {
            int off = 0;
            boolean in = true;
            for (int d = 0; d < r; d++) {
                int pos = opos[d] * s.strides()[d] - s.padBegin()[d] + kpos[d] * s.dilations()[d];
                if (pos < 0 || pos >= s.in()[d]) in = false;
                off = off * s.in()[d] + pos;
            }
            dst[(jj / nr) * kc * nr + p * nr + jj % nr] = in ? x[chBase + off] : 0f;
            for (int d = r - 1; d >= 0; d--) {
                if (++opos[d] < s.out()[d]) break;
                opos[d] = 0;
            }
        }
    }
}
