package dev.jinn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The normalization loops on the Vector API. Sums run in four float vector accumulators (to hide
 * the add latency) over blocks of {@link #BLOCK} elements; each block's lanes are then added into a
 * double. The block bound keeps float rounding from growing with the row length. Lanes are summed
 * by a fixed tree of lane-wise adds (rather than {@code reduceLanes}, whose order is unspecified), so
 * results are identical whether the code runs interpreted or compiled and never depend on the
 * thread count.
 */
public final class VectorNormKernel implements NormKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int STEP = 4 * L;
    private static final int BLOCK = 64 * STEP;
    /**
     * Rotate-and-add steps, by L/2 lanes down to 1, that leave the sum of a vector's lanes in lane 0.
     * The fold is written out where it is used: as a method taking a vector, C2 compiles it on its
     * own once it is hot, then refuses to inline the compiled code ("callee is too large"), and each
     * call boxes its vector (a LayerNorm call at [1,128,768] slowed from 18 to 25 us).
     */
    private static final VectorShuffle<Float>[] FOLD = folds();

    /** Refuses species too narrow to beat the scalar loops (for instance where no SIMD is available). */
    public VectorNormKernel() {
        if (L < 4) throw new UnsupportedOperationException("preferred float species has " + L + " lanes");
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "bit";
    }

    @Override
    public double shiftedSum(float[] x, int off, int n, float shift) {
        FloatVector vs = FloatVector.broadcast(S, shift);
        int bound4 = n - n % STEP;
        double total = 0;
        int i = 0;
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

    /** shiftedSum from {@code i} (where its STEP blocks end) on: the vector and scalar tails, added to {@code total}. */
    private static double finishSum(float[] x, int off, int n, int i, float shift, double total) {
        int bound = S.loopBound(n);
        if (i < bound) {
            FloatVector vs = FloatVector.broadcast(S, shift);
            FloatVector a = FloatVector.zero(S);
            // scalar: sum += x - shift
            for (; i < bound; i += L) a = a.add(FloatVector.fromArray(S, x, off + i).sub(vs));
            for (VectorShuffle<Float> f : FOLD) a = a.add(a.rearrange(f));
            total += a.lane(0);
        }
        for (; i < n; i++) total += (double) x[off + i] - shift;
        // Float lanes overflowed (values near the float range) or met a NaN/Inf: redo in double.
        return !Double.isFinite(total) ? NormKernels.scalar().shiftedSum(x, off, n, shift) : total;
    }

    @Override
    public double centeredSumSquares(float[] x, int off, int n, float center) {
        FloatVector vc = FloatVector.broadcast(S, center);
        int bound4 = n - n % STEP;
        double total = 0;
        int i = 0;
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

    /** centeredSumSquares from {@code i} (where its STEP blocks end) on: the vector and scalar tails, added to {@code total}. */
    private static double finishSquares(float[] x, int off, int n, int i, float center, double total) {
        int bound = S.loopBound(n);
        if (i < bound) {
            FloatVector vc = FloatVector.broadcast(S, center);
            FloatVector a = FloatVector.zero(S);
            // scalar: sum += (x - center)^2
            for (; i < bound; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, off + i).sub(vc);
                a = d.fma(d, a);
            }
            for (VectorShuffle<Float> f : FOLD) a = a.add(a.rearrange(f));
            total += a.lane(0);
        }
        for (; i < n; i++) {
            double d = (double) x[off + i] - center;
            total += d * d;
        }
        return !Double.isFinite(total) ? NormKernels.scalar().centeredSumSquares(x, off, n, center) : total;
    }

    @Override
    public void normalize(float[] x, int xOff, int n, float center, float invStd, float offset,
                          float[] scale, int sOff, float[] bias, int bOff, float[] y, int yOff) {
        FloatVector vc = FloatVector.broadcast(S, center);
        FloatVector vi = FloatVector.broadcast(S, invStd);
        FloatVector vo = FloatVector.broadcast(S, offset);
        int bound = S.loopBound(n);
        int i = 0;
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
        for (; i < n; i++) {
            float t = Math.fma(x[xOff + i] - center, invStd, offset);
            y[yOff + i] = bias == null ? t * scale[sOff + i] : Math.fma(t, scale[sOff + i], bias[bOff + i]);
        }
    }

    @Override
    public void affine(float[] x, int xOff, int n, float shift, float a, float b, float[] y, int yOff) {
        FloatVector vs = FloatVector.broadcast(S, shift);
        FloatVector va = FloatVector.broadcast(S, a);
        FloatVector vb = FloatVector.broadcast(S, b);
        int bound = S.loopBound(n);
        int i = 0;
        // scalar: y = (x - shift) * a + b
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).sub(vs).fma(va, vb).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i] - shift, a, b);
    }

    /*
     * The four-row forms add each row exactly as shiftedSum and centeredSumSquares do (four
     * accumulators per STEP, folded per BLOCK, then the vector and scalar tails and the not-finite
     * redo), so a row's sums have the same bits whether the thread split left it in a group of four
     * or not; four rows per step keep sixteen accumulators busy where one row's four wait on each add.
     */
    @Override
    public void shiftedSums(float[] x, int off, int n, int rows, float[] shift, double[] sums) {
        if (rows == ROWS) rowSums4(x, off, n, shift, sums, false);
        else NormKernel.super.shiftedSums(x, off, n, rows, shift, sums);
    }

    @Override
    public void centeredSquares(float[] x, int off, int n, int rows, float[] center, double[] squares) {
        if (rows == ROWS) rowSums4(x, off, n, center, squares, true);
        else NormKernel.super.centeredSquares(x, off, n, rows, center, squares);
    }

    /** shiftedSum (or with {@code square}, centeredSumSquares) of four consecutive rows around c[k]. */
    private static void rowSums4(float[] x, int off, int n, float[] c, double[] out, boolean square) {
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

    @Override
    public void normalizeRows(float[] x, int off, int n, int rows, float[] center, float[] invStd, float[] offset,
                              float[] scale, float[] bias, int pOff, float[] y) {
        if (rows != ROWS) {
            NormKernel.super.normalizeRows(x, off, n, rows, center, invStd, offset, scale, bias, pOff, y);
            return;
        }
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
            for (int k = 0, o = off + i; k < ROWS; k++, o += n) {
                normalize(x, o, n - i, center[k], invStd[k], offset[k], scale, pOff + i, bias, pOff + i, y, o);
            }
        }
    }

    /**
     * The next row is summed exactly as {@link #shiftedSum} sums it (four accumulators per STEP,
     * folded per BLOCK, then {@link #finishSum}) while this row is written a STEP at a time.
     */
    @Override
    public double affineThenSum(float[] x, float[] y, int off, int n, int segLen, float shift, float[] a, float[] b,
                                float sumShift) {
        if (segLen < n && segLen % STEP != 0) {
            // A STEP would straddle two segments; the plain loops take any length.
            return NormKernel.super.affineThenSum(x, y, off, n, segLen, shift, a, b, sumShift);
        }
        FloatVector vc = FloatVector.broadcast(S, shift);
        FloatVector ns = FloatVector.broadcast(S, sumShift);
        int next = off + n;
        int bound4 = n - n % STEP;
        int seg = 0, segEnd = segLen;
        double total = 0;
        int i = 0;
        while (i < bound4) {
            int end = Math.min(bound4, i + BLOCK);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            // scalar: y = (x - shift) * a[seg] + b[seg]; total += next - sumShift
            for (; i < end; i += STEP) {
                int j = next + i;
                a0 = a0.add(FloatVector.fromArray(S, x, j).sub(ns));
                a1 = a1.add(FloatVector.fromArray(S, x, j + L).sub(ns));
                a2 = a2.add(FloatVector.fromArray(S, x, j + 2 * L).sub(ns));
                a3 = a3.add(FloatVector.fromArray(S, x, j + 3 * L).sub(ns));
                if (i >= segEnd) {
                    seg++;
                    segEnd += segLen;
                }
                // Broadcast here rather than reassigning vectors declared outside the loop: C2 boxes those.
                FloatVector va = FloatVector.broadcast(S, a[seg]), vb = FloatVector.broadcast(S, b[seg]);
                for (int v = off + i, stop = v + STEP; v < stop; v += L) {
                    FloatVector.fromArray(S, x, v).sub(vc).fma(va, vb).intoArray(y, v);
                }
            }
            FloatVector s = a0.add(a1).add(a2.add(a3));
            for (VectorShuffle<Float> f : FOLD) s = s.add(s.rearrange(f));
            total += s.lane(0);
        }
        if (i < n) {
            if (i >= segEnd) seg++;
            affine(x, off + i, n - i, shift, a[seg], b[seg], y, off + i);
        }
        return finishSum(x, next, n, i, sumShift, total);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] f = new VectorShuffle[steps];
        for (int k = 0; k < steps; k++) {
            int d = L >> (k + 1);
            f[k] = VectorShuffle.fromOp(S, i -> (i + d) % L);
        }
        return f;
    }
}
