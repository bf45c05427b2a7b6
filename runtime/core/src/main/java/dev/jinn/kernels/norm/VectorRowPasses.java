package dev.jinn.kernels.norm;

import static dev.jinn.kernels.norm.VectorLanes.*;

import dev.jinn.kernels.Kernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * One row in separate passes: its sum, its squares around its mean, then its normalize (or a
 * channel's affine map). {@link VectorNormKernel} takes these for every row that no other variant
 * takes: rows that the callers take one at a time ({@code RowNorm}'s two-pass rows whose group of
 * four would not fit in L1, the skip layer norms' rows, instance and group norm's short groups),
 * rows of {@link VectorLanes#ALIGN_MIN} or more (which start at their lead), and the tails of the
 * other variants. Batch normalization's channels are {@link #affine} alone; {@link #addSkip} makes the
 * skip layer norms' sums.
 *
 * <p>Long rows start with their {@link VectorLanes#lead lead}, taken by a masked vector (sums and
 * squares) or one element at a time (normalize), so that the vector loads and stores after it sit
 * at vector-size boundaries; a row's sums have the same bits wherever it is summed. Rows end the
 * same way: after the whole vectors, a masked one or single elements.
 */
final class VectorRowPasses {
    private VectorRowPasses() {}

    /** The sum of {@code x - shift} over the h (less than L) elements at off, by one masked vector. */
    static double leadSum(float[] x, int off, int h, float shift) {
        if (h == 0) return 0;
        VectorMask<Float> m = S.indexInRange(0, h);
        // Masked lanes load 0 and the masked sub leaves them 0.
        FloatVector d = FloatVector.fromArray(S, x, off, m).sub(FloatVector.broadcast(S, shift), m);
        for (VectorShuffle<Float> f : FOLD) d = d.add(d.rearrange(f));
        return d.lane(0);
    }

    /** The sum of {@code (x - center)^2} over the h (less than L) elements at off, by one masked vector. */
    static double leadSquares(float[] x, int off, int h, float center) {
        if (h == 0) return 0;
        VectorMask<Float> m = S.indexInRange(0, h);
        FloatVector d = FloatVector.fromArray(S, x, off, m).sub(FloatVector.broadcast(S, center), m);
        d = d.mul(d);
        for (VectorShuffle<Float> f : FOLD) d = d.add(d.rearrange(f));
        return d.lane(0);
    }

    static double shiftedSum(float[] x, int off, int n, float shift) {
        FloatVector vs = FloatVector.broadcast(S, shift);
        int i = lead(off, n);
        int bound4 = n - (n - i) % STEP;
        double total = leadSum(x, off, i, shift);
        while (i < bound4) {
            int end = Math.min(bound4, i + BLOCK);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            // scalar: sum += x - shift
            for (; i < end; i += STEP) {
                a0 = a0.add(FloatVector.fromArray(S, x, off + i).sub(vs));
                a1 = a1.add(FloatVector.fromArray(S, x, off + i + L).sub(vs));
                a2 = a2.add(FloatVector.fromArray(S, x, off + i + 2 * L).sub(vs));
                a3 = a3.add(FloatVector.fromArray(S, x, off + i + 3 * L).sub(vs));
            }
            FloatVector s = a0.add(a1).add(a2.add(a3));
            for (VectorShuffle<Float> f : FOLD) s = s.add(s.rearrange(f));
            total += s.lane(0);
        }
        return finishSum(x, off, n, i, shift, total);
    }

    /** shiftedSum from {@code i} (where its STEP blocks end) on: the vector tail and its masked end, added to {@code total}. */
    static double finishSum(float[] x, int off, int n, int i, float shift, double total) {
        if (i < n) {
            FloatVector vs = FloatVector.broadcast(S, shift);
            FloatVector a = FloatVector.zero(S);
            // scalar: sum += x - shift
            for (int bound = n - (n - i) % L; i < bound; i += L) a = a.add(FloatVector.fromArray(S, x, off + i).sub(vs));
            // The last L - 1 or fewer by a masked vector (none, where the mask is empty).
            VectorMask<Float> m = S.indexInRange(i, n);
            a = a.add(FloatVector.fromArray(S, x, off + i, m).sub(vs, m));
            for (VectorShuffle<Float> f : FOLD) a = a.add(a.rearrange(f));
            total += a.lane(0);
        }
        // Float lanes overflowed (values near the float range) or met a NaN/Inf: redo in double.
        return !Double.isFinite(total) ? Kernels.scalar().norm().shiftedSum(x, off, n, shift) : total;
    }

    static double centeredSumSquares(float[] x, int off, int n, float center) {
        FloatVector vc = FloatVector.broadcast(S, center);
        int i = lead(off, n);
        int bound4 = n - (n - i) % STEP;
        double total = leadSquares(x, off, i, center);
        while (i < bound4) {
            int end = Math.min(bound4, i + BLOCK);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            // scalar: sum += (x - center)^2
            for (; i < end; i += STEP) {
                FloatVector d0 = FloatVector.fromArray(S, x, off + i).sub(vc);
                FloatVector d1 = FloatVector.fromArray(S, x, off + i + L).sub(vc);
                FloatVector d2 = FloatVector.fromArray(S, x, off + i + 2 * L).sub(vc);
                FloatVector d3 = FloatVector.fromArray(S, x, off + i + 3 * L).sub(vc);
                a0 = d0.fma(d0, a0);
                a1 = d1.fma(d1, a1);
                a2 = d2.fma(d2, a2);
                a3 = d3.fma(d3, a3);
            }
            FloatVector s = a0.add(a1).add(a2.add(a3));
            for (VectorShuffle<Float> f : FOLD) s = s.add(s.rearrange(f));
            total += s.lane(0);
        }
        return finishSquares(x, off, n, i, center, total);
    }

    /** centeredSumSquares from {@code i} (where its STEP blocks end) on: the vector tail and its masked end, added to {@code total}. */
    static double finishSquares(float[] x, int off, int n, int i, float center, double total) {
        if (i < n) {
            FloatVector vc = FloatVector.broadcast(S, center);
            FloatVector a = FloatVector.zero(S);
            // scalar: sum += (x - center)^2
            for (int bound = n - (n - i) % L; i < bound; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, off + i).sub(vc);
                a = d.fma(d, a);
            }
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(S, x, off + i, m).sub(vc, m);
            a = d.fma(d, a);
            for (VectorShuffle<Float> f : FOLD) a = a.add(a.rearrange(f));
            total += a.lane(0);
        }
        return !Double.isFinite(total) ? Kernels.scalar().norm().centeredSumSquares(x, off, n, center) : total;
    }

    static void normalize(float[] x, int xOff, int n, float center, float invStd, float offset,
                          float[] scale, int sOff, float[] bias, int bOff, float[] y, int yOff) {
        FloatVector vc = FloatVector.broadcast(S, center);
        FloatVector vi = FloatVector.broadcast(S, invStd);
        FloatVector vo = FloatVector.broadcast(S, offset);
        // The stores, the costlier side to split across cache lines, go from y's lead.
        int i = lead(yOff, n);
        normalizeEach(x, xOff, 0, i, center, invStd, offset, scale, sOff, bias, bOff, y, yOff);
        int bound = n - (n - i) % L;
        if (bias == null) {
            // scalar: y = ((x - center) * invStd + offset) * scale
            for (; i < bound; i += L) {
                FloatVector.fromArray(S, x, xOff + i).sub(vc).fma(vi, vo)
                        .mul(FloatVector.fromArray(S, scale, sOff + i)).intoArray(y, yOff + i);
            }
        } else {
            // scalar: y = ((x - center) * invStd + offset) * scale + bias
            for (; i < bound; i += L) {
                FloatVector.fromArray(S, x, xOff + i).sub(vc).fma(vi, vo)
                        .fma(FloatVector.fromArray(S, scale, sOff + i), FloatVector.fromArray(S, bias, bOff + i))
                        .intoArray(y, yOff + i);
            }
        }
        normalizeEach(x, xOff, i, n, center, invStd, offset, scale, sOff, bias, bOff, y, yOff);
    }

    /** normalize of elements [from, to) one at a time, with the bits of the vector lanes. */
    static void normalizeEach(float[] x, int xOff, int from, int to, float center, float invStd, float offset,
                                      float[] scale, int sOff, float[] bias, int bOff, float[] y, int yOff) {
        for (int i = from; i < to; i++) {
            float t = Math.fma(x[xOff + i] - center, invStd, offset);
            y[yOff + i] = bias == null ? t * scale[sOff + i] : Math.fma(t, scale[sOff + i], bias[bOff + i]);
        }
    }

    static void affine(float[] x, int xOff, int n, float shift, float a, float b, float[] y, int yOff) {
        FloatVector vs = FloatVector.broadcast(S, shift);
        FloatVector va = FloatVector.broadcast(S, a);
        FloatVector vb = FloatVector.broadcast(S, b);
        int bound = S.loopBound(n);
        int i = 0;
        // scalar: y = (x - shift) * a + b
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).sub(vs).fma(va, vb).intoArray(y, yOff + i);
        }
        VectorMask<Float> m = S.indexInRange(i, n);
        FloatVector.fromArray(S, x, xOff + i, m).sub(vs).fma(va, vb).intoArray(y, yOff + i, m);
    }

    /** {@link NormKernel#addSkip}, row by row, each row's last elements by a masked vector. */
    static void addSkip(float[] x, float[] skip, float[] bias, float[] s, int from, int to, int n) {
        int bound = S.loopBound(n);
        VectorMask<Float> m = S.indexInRange(bound, n);
        for (int r = from, off = from * n; r < to; r++, off += n) {
            int i = 0;
            if (bias == null) {
                // scalar: s = x + skip
                for (; i < bound; i += L) {
                    FloatVector.fromArray(S, x, off + i).add(FloatVector.fromArray(S, skip, off + i)).intoArray(s, off + i);
                }
                FloatVector.fromArray(S, x, off + i, m).add(FloatVector.fromArray(S, skip, off + i, m)).intoArray(s, off + i, m);
            } else {
                // scalar: s = (x + skip) + bias
                for (; i < bound; i += L) {
                    FloatVector.fromArray(S, x, off + i).add(FloatVector.fromArray(S, skip, off + i))
                            .add(FloatVector.fromArray(S, bias, i)).intoArray(s, off + i);
                }
                FloatVector.fromArray(S, x, off + i, m).add(FloatVector.fromArray(S, skip, off + i, m))
                        .add(FloatVector.fromArray(S, bias, i, m)).intoArray(s, off + i, m);
            }
        }
    }
}
