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
    /** FOLD[k] moves lane i + 2^k to lane i: log2(L) rotate-and-add steps leave the lane sum in lane 0. */
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
            total += lanes(a0.add(a1).add(a2.add(a3)));
        }
        return finishSum(x, off, n, i, vs, shift, total);
    }

    /** shiftedSum from {@code i} (where its STEP blocks end) on: the vector and scalar tails, added to {@code total}. */
    private static double finishSum(float[] x, int off, int n, int i, FloatVector vs, float shift, double total) {
        int bound = S.loopBound(n);
        if (i < bound) {
            FloatVector a = FloatVector.zero(S);
            // scalar: sum += x - shift
            for (; i < bound; i += L) a = a.add(FloatVector.fromArray(S, x, off + i).sub(vs));
            total += lanes(a);
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
            total += lanes(a0.add(a1).add(a2.add(a3)));
        }
        int bound = S.loopBound(n);
        if (i < bound) {
            FloatVector a = FloatVector.zero(S);
            // scalar: sum += (x - center)^2
            for (; i < bound; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, off + i).sub(vc);
                a = d.fma(d, a);
            }
            total += lanes(a);
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
     * The fused forms walk the next row exactly as shiftedSum does (four accumulators per STEP,
     * folded per BLOCK, then the vector and scalar tails), so the sum they return has the same bits;
     * the row being written is processed in step with it.
     */
    @Override
    public double normalizeThenSum(float[] x, int xOff, int n, float center, float invStd, float offset,
                                   float[] scale, int sOff, float[] bias, int bOff, float[] y, int yOff,
                                   int nextOff, float nextShift) {
        if (bias == null) return NormKernel.super.normalizeThenSum(x, xOff, n, center, invStd, offset, scale, sOff, bias, bOff, y, yOff, nextOff, nextShift);
        FloatVector vc = FloatVector.broadcast(S, center);
        FloatVector vi = FloatVector.broadcast(S, invStd);
        FloatVector vo = FloatVector.broadcast(S, offset);
        FloatVector ns = FloatVector.broadcast(S, nextShift);
        int bound4 = n - n % STEP;
        double total = 0;
        int i = 0;
        while (i < bound4) {
            int end = Math.min(bound4, i + BLOCK);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            // scalar: y = ((x - center) * invStd + offset) * scale + bias; next: sum += x' - shift'
            for (; i < end; i += STEP) {
                a0 = a0.add(FloatVector.fromArray(S, x, nextOff + i).sub(ns));
                a1 = a1.add(FloatVector.fromArray(S, x, nextOff + i + L).sub(ns));
                a2 = a2.add(FloatVector.fromArray(S, x, nextOff + i + 2 * L).sub(ns));
                a3 = a3.add(FloatVector.fromArray(S, x, nextOff + i + 3 * L).sub(ns));
                for (int v = 0; v < STEP; v += L) {
                    FloatVector.fromArray(S, x, xOff + i + v).sub(vc).fma(vi, vo)
                            .fma(FloatVector.fromArray(S, scale, sOff + i + v), FloatVector.fromArray(S, bias, bOff + i + v))
                            .intoArray(y, yOff + i + v);
                }
            }
            total += lanes(a0.add(a1).add(a2.add(a3)));
        }
        normalize(x, xOff + i, n - i, center, invStd, offset, scale, sOff + i, bias, bOff + i, y, yOff + i);
        return finishSum(x, nextOff, n, i, ns, nextShift, total);
    }

    private static double lanes(FloatVector v) {
        for (int k = FOLD.length - 1; k >= 0; k--) v = v.add(v.rearrange(FOLD[k]));
        return v.lane(0);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] f = new VectorShuffle[steps];
        for (int k = 0; k < steps; k++) {
            int d = 1 << k;
            f[k] = VectorShuffle.fromOp(S, i -> (i + d) % L);
        }
        return f;
    }
}
