package dev.jinn.kernels.norm;

import static dev.jinn.kernels.norm.VectorLanes.*;
import static dev.jinn.kernels.norm.VectorRowPasses.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

/**
 * Four rows at a time, for rows shorter than {@link VectorLanes#ALIGN_MIN} whose group of {@link
 * NormKernel#ROWS} fits in L1 ({@code RowPlan.groupRows}): their sums, their squares,
 * then one pass that writes them and reads each scale and bias element once for all four.
 * {@link VectorNormKernel} picks it for any call with exactly four such rows.
 *
 * <p>Each row is added exactly as {@link VectorRowPasses#shiftedSum} and {@link
 * VectorRowPasses#centeredSumSquares} add it (four accumulators per STEP, folded per BLOCK, then
 * the tails and the not-finite redo), so a row's sums have the same bits whether the thread split
 * left it in a group of four or not; four rows per step keep sixteen accumulators busy where one
 * row's four wait on each add.
 */
final class VectorRowGroups {
    private VectorRowGroups() {}

    /** shiftedSum (or with {@code square}, centeredSumSquares) of four consecutive rows around c[k]. */
    static void rowSums4(float[] x, int off, int n, float[] c, double[] out, boolean square) {
        FloatVector c0 = FloatVector.broadcast(S, c[0]), c1 = FloatVector.broadcast(S, c[1]);
        FloatVector c2 = FloatVector.broadcast(S, c[2]), c3 = FloatVector.broadcast(S, c[3]);
        int n1 = n, n2 = 2 * n, n3 = 3 * n;
        int bound4 = n - n % STEP;
        double t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        int i = 0;
        while (i < bound4) {
            int end = Math.min(bound4, i + BLOCK);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            FloatVector e0 = a0, e1 = a0, e2 = a0, e3 = a0, g0 = a0, g1 = a0, g2 = a0, g3 = a0;
            if (square) {
                // scalar: per row k, squares[k] += (x - c[k])^2
                for (int j = off + i, stop = off + end; j < stop; j += STEP) {
                    FloatVector d = FloatVector.fromArray(S, x, j).sub(c0);
                    a0 = d.fma(d, a0);
                    d = FloatVector.fromArray(S, x, j + L).sub(c0);
                    a1 = d.fma(d, a1);
                    d = FloatVector.fromArray(S, x, j + 2 * L).sub(c0);
                    a2 = d.fma(d, a2);
                    d = FloatVector.fromArray(S, x, j + 3 * L).sub(c0);
                    a3 = d.fma(d, a3);
                    d = FloatVector.fromArray(S, x, j + n1).sub(c1);
                    b0 = d.fma(d, b0);
                    d = FloatVector.fromArray(S, x, j + n1 + L).sub(c1);
                    b1 = d.fma(d, b1);
                    d = FloatVector.fromArray(S, x, j + n1 + 2 * L).sub(c1);
                    b2 = d.fma(d, b2);
                    d = FloatVector.fromArray(S, x, j + n1 + 3 * L).sub(c1);
                    b3 = d.fma(d, b3);
                    d = FloatVector.fromArray(S, x, j + n2).sub(c2);
                    e0 = d.fma(d, e0);
                    d = FloatVector.fromArray(S, x, j + n2 + L).sub(c2);
                    e1 = d.fma(d, e1);
                    d = FloatVector.fromArray(S, x, j + n2 + 2 * L).sub(c2);
                    e2 = d.fma(d, e2);
                    d = FloatVector.fromArray(S, x, j + n2 + 3 * L).sub(c2);
                    e3 = d.fma(d, e3);
                    d = FloatVector.fromArray(S, x, j + n3).sub(c3);
                    g0 = d.fma(d, g0);
                    d = FloatVector.fromArray(S, x, j + n3 + L).sub(c3);
                    g1 = d.fma(d, g1);
                    d = FloatVector.fromArray(S, x, j + n3 + 2 * L).sub(c3);
                    g2 = d.fma(d, g2);
                    d = FloatVector.fromArray(S, x, j + n3 + 3 * L).sub(c3);
                    g3 = d.fma(d, g3);
                }
            } else {
                // scalar: per row k, sum[k] += x - c[k]
                for (int j = off + i, stop = off + end; j < stop; j += STEP) {
                    a0 = a0.add(FloatVector.fromArray(S, x, j).sub(c0));
                    a1 = a1.add(FloatVector.fromArray(S, x, j + L).sub(c0));
                    a2 = a2.add(FloatVector.fromArray(S, x, j + 2 * L).sub(c0));
                    a3 = a3.add(FloatVector.fromArray(S, x, j + 3 * L).sub(c0));
                    b0 = b0.add(FloatVector.fromArray(S, x, j + n1).sub(c1));
                    b1 = b1.add(FloatVector.fromArray(S, x, j + n1 + L).sub(c1));
                    b2 = b2.add(FloatVector.fromArray(S, x, j + n1 + 2 * L).sub(c1));
                    b3 = b3.add(FloatVector.fromArray(S, x, j + n1 + 3 * L).sub(c1));
                    e0 = e0.add(FloatVector.fromArray(S, x, j + n2).sub(c2));
                    e1 = e1.add(FloatVector.fromArray(S, x, j + n2 + L).sub(c2));
                    e2 = e2.add(FloatVector.fromArray(S, x, j + n2 + 2 * L).sub(c2));
                    e3 = e3.add(FloatVector.fromArray(S, x, j + n2 + 3 * L).sub(c2));
                    g0 = g0.add(FloatVector.fromArray(S, x, j + n3).sub(c3));
                    g1 = g1.add(FloatVector.fromArray(S, x, j + n3 + L).sub(c3));
                    g2 = g2.add(FloatVector.fromArray(S, x, j + n3 + 2 * L).sub(c3));
                    g3 = g3.add(FloatVector.fromArray(S, x, j + n3 + 3 * L).sub(c3));
                }
            }
            i = end;
            FloatVector s0 = a0.add(a1).add(a2.add(a3)), s1 = b0.add(b1).add(b2.add(b3));
            FloatVector s2 = e0.add(e1).add(e2.add(e3)), s3 = g0.add(g1).add(g2.add(g3));
            for (VectorShuffle<Float> f : FOLD) {
                s0 = s0.add(s0.rearrange(f));
                s1 = s1.add(s1.rearrange(f));
                s2 = s2.add(s2.rearrange(f));
                s3 = s3.add(s3.rearrange(f));
            }
            t0 += s0.lane(0);
            t1 += s1.lane(0);
            t2 += s2.lane(0);
            t3 += s3.lane(0);
        }
        if (square) {
            out[0] = finishSquares(x, off, n, i, c[0], t0);
            out[1] = finishSquares(x, off + n1, n, i, c[1], t1);
            out[2] = finishSquares(x, off + n2, n, i, c[2], t2);
            out[3] = finishSquares(x, off + n3, n, i, c[3], t3);
        } else {
            out[0] = finishSum(x, off, n, i, c[0], t0);
            out[1] = finishSum(x, off + n1, n, i, c[1], t1);
            out[2] = finishSum(x, off + n2, n, i, c[2], t2);
            out[3] = finishSum(x, off + n3, n, i, c[3], t3);
        }
    }

    /** {@link NormKernel#normalizeRows} of four rows. */
    static void normalizeRows4(float[] x, int off, int n, float[] center, float[] invStd, float[] offset,
                               float[] scale, float[] bias, int pOff, float[] y) {
        FloatVector c0 = FloatVector.broadcast(S, center[0]), c1 = FloatVector.broadcast(S, center[1]);
        FloatVector c2 = FloatVector.broadcast(S, center[2]), c3 = FloatVector.broadcast(S, center[3]);
        FloatVector i0 = FloatVector.broadcast(S, invStd[0]), i1 = FloatVector.broadcast(S, invStd[1]);
        FloatVector i2 = FloatVector.broadcast(S, invStd[2]), i3 = FloatVector.broadcast(S, invStd[3]);
        FloatVector o0 = FloatVector.broadcast(S, offset[0]), o1 = FloatVector.broadcast(S, offset[1]);
        FloatVector o2 = FloatVector.broadcast(S, offset[2]), o3 = FloatVector.broadcast(S, offset[3]);
        int bound = S.loopBound(n);
        int i = 0;
        // Each scale (and bias) vector is loaded once for the four rows.
        if (bias == null) {
            // scalar: y[k] = ((x[k] - center[k]) * invStd[k] + offset[k]) * scale
            for (; i < bound; i += L) {
                int j = off + i;
                FloatVector s = FloatVector.fromArray(S, scale, pOff + i);
                FloatVector.fromArray(S, x, j).sub(c0).fma(i0, o0).mul(s).intoArray(y, j);
                FloatVector.fromArray(S, x, j + n).sub(c1).fma(i1, o1).mul(s).intoArray(y, j + n);
                FloatVector.fromArray(S, x, j + 2 * n).sub(c2).fma(i2, o2).mul(s).intoArray(y, j + 2 * n);
                FloatVector.fromArray(S, x, j + 3 * n).sub(c3).fma(i3, o3).mul(s).intoArray(y, j + 3 * n);
            }
        } else {
            // scalar: y[k] = ((x[k] - center[k]) * invStd[k] + offset[k]) * scale + bias
            for (; i < bound; i += L) {
                int j = off + i;
                FloatVector s = FloatVector.fromArray(S, scale, pOff + i);
                FloatVector b = FloatVector.fromArray(S, bias, pOff + i);
                FloatVector.fromArray(S, x, j).sub(c0).fma(i0, o0).fma(s, b).intoArray(y, j);
                FloatVector.fromArray(S, x, j + n).sub(c1).fma(i1, o1).fma(s, b).intoArray(y, j + n);
                FloatVector.fromArray(S, x, j + 2 * n).sub(c2).fma(i2, o2).fma(s, b).intoArray(y, j + 2 * n);
                FloatVector.fromArray(S, x, j + 3 * n).sub(c3).fma(i3, o3).fma(s, b).intoArray(y, j + 3 * n);
            }
        }
        if (i < n) {
            for (int k = 0, o = off + i; k < NormKernel.ROWS; k++, o += n) {
                normalize(x, o, n - i, center[k], invStd[k], offset[k], scale, pOff + i, bias, pOff + i, y, o);
            }
        }
    }
}
