package dev.jinn.kernels.pool;

import dev.jinn.kernels.WindowShape;

/** Steps through output positions and, for each, the kernel taps of its window: the N-D pools' path. */
final class Walker {
    final WindowShape s;
    final int r, taps, outSize;
    final int[] opos, kpos, pos, inStride;

    Walker(WindowShape s) {
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
