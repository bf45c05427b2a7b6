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
     * The fused forms walk the other two rows exactly as centeredSumSquares and shiftedSum do (four
     * accumulators per STEP, folded per BLOCK, then the vector and scalar tails), so the sums they
     * return have the same bits; the row being written is processed in step with them. All rows are
     * addressed from one offset: separate offsets per row and array left C2 too few registers, and it
     * reloaded them from the stack on every step (a LayerNorm call at [1,128,768] took 13 % longer).
     */
    @Override
    public void normalizeThenSums(float[] x, float[] y, int off, int n, float center, float invStd, float offset,
                                  float[] scale, float[] bias, int pOff, float sqCenter, boolean sumAfter, float sumShift,
                                  double[] sums) {
        thenSums(x, y, off, n, center, invStd, offset, scale, bias, pOff, null, null, 0, sqCenter, sumAfter, sumShift, sums);
    }

    @Override
    public void affineThenSums(float[] x, float[] y, int off, int n, int segLen, float shift, float[] a, float[] b,
                               float sqCenter, boolean sumAfter, float sumShift, double[] sums) {
        if (segLen < n && segLen % STEP != 0) {
            // A STEP block would straddle two channels; the plain loops handle any length.
            NormKernel.super.affineThenSums(x, y, off, n, segLen, shift, a, b, sqCenter, sumAfter, sumShift, sums);
            return;
        }
        thenSums(x, y, off, n, shift, 0, 0, null, null, 0, a, b, segLen, sqCenter, sumAfter, sumShift, sums);
    }

    /**
     * normalizeThenSums, or (segA and segB given) affineThenSums, which maps each segment of the row
     * by its own a and b and ignores invStd and offset. Segments start on STEP boundaries, or there
     * is one.
     */
    private void thenSums(float[] x, float[] y, int off, int n, float center, float invStd, float offset,
                          float[] scale, float[] bias, int pOff, float[] segA, float[] segB, int segLen,
                          float sqCenter, boolean sumAfter, float sumShift, double[] sums) {
        FloatVector vc = FloatVector.broadcast(S, center);
        FloatVector vi = FloatVector.broadcast(S, invStd);
        FloatVector vo = FloatVector.broadcast(S, offset);
        FloatVector qc = FloatVector.broadcast(S, sqCenter);
        FloatVector ns = FloatVector.broadcast(S, sumShift);
        int sqOff = off + n, sumOff = sqOff + n;
        int seg = 0, segEnd = segLen;
        int bound4 = n - n % STEP;
        double squares = 0, total = 0;
        int i = 0;
        while (i < bound4) {
            int end = Math.min(bound4, i + BLOCK);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            FloatVector q0 = a0, q1 = a0, q2 = a0, q3 = a0;
            // scalar: y = ((x - center) * invStd + offset) [* scale [+ bias]]; squares += (x' - center')^2; sum += x'' - shift''
            for (; i < end; i += STEP) {
                if (sumAfter) {
                    a0 = a0.add(FloatVector.fromArray(S, x, sumOff + i).sub(ns));
                    a1 = a1.add(FloatVector.fromArray(S, x, sumOff + i + L).sub(ns));
                    a2 = a2.add(FloatVector.fromArray(S, x, sumOff + i + 2 * L).sub(ns));
                    a3 = a3.add(FloatVector.fromArray(S, x, sumOff + i + 3 * L).sub(ns));
                }
                FloatVector d0 = FloatVector.fromArray(S, x, sqOff + i).sub(qc);
                FloatVector d1 = FloatVector.fromArray(S, x, sqOff + i + L).sub(qc);
                FloatVector d2 = FloatVector.fromArray(S, x, sqOff + i + 2 * L).sub(qc);
                FloatVector d3 = FloatVector.fromArray(S, x, sqOff + i + 3 * L).sub(qc);
                q0 = d0.fma(d0, q0);
                q1 = d1.fma(d1, q1);
                q2 = d2.fma(d2, q2);
                q3 = d3.fma(d3, q3);
                int j = off + i, p = pOff + i;
                if (segA != null) {
                    if (i >= segEnd) {
                        seg++;
                        segEnd += segLen;
                    }
                    // Broadcast here rather than reassigning vectors declared outside the loop: C2
                    // boxed those at every row (24 KB per InstanceNorm call at [2,64,16,16]).
                    FloatVector va = FloatVector.broadcast(S, segA[seg]), vb = FloatVector.broadcast(S, segB[seg]);
                    for (int v = 0; v < STEP; v += L) {
                        FloatVector.fromArray(S, x, j + v).sub(vc).fma(va, vb).intoArray(y, j + v);
                    }
                } else if (bias == null) {
                    for (int v = 0; v < STEP; v += L) {
                        FloatVector.fromArray(S, x, j + v).sub(vc).fma(vi, vo)
                                .mul(FloatVector.fromArray(S, scale, p + v)).intoArray(y, j + v);
                    }
                } else {
                    for (int v = 0; v < STEP; v += L) {
                        FloatVector.fromArray(S, x, j + v).sub(vc).fma(vi, vo)
                                .fma(FloatVector.fromArray(S, scale, p + v), FloatVector.fromArray(S, bias, p + v))
                                .intoArray(y, j + v);
                    }
                }
            }
            FloatVector s = a0.add(a1).add(a2.add(a3));
            for (VectorShuffle<Float> f : FOLD) s = s.add(s.rearrange(f));
            total += s.lane(0);
            FloatVector q = q0.add(q1).add(q2.add(q3));
            for (VectorShuffle<Float> f : FOLD) q = q.add(q.rearrange(f));
            squares += q.lane(0);
        }
        if (segA != null) affine(x, off + i, n - i, center, segA[seg], segB[seg], y, off + i);
        else normalize(x, off + i, n - i, center, invStd, offset, scale, pOff + i, bias, pOff + i, y, off + i);
        sums[0] = finishSquares(x, sqOff, n, i, sqCenter, squares);
        if (sumAfter) sums[1] = finishSum(x, sumOff, n, i, sumShift, total);
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
