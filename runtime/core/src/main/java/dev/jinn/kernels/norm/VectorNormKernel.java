package dev.jinn.kernels.norm;

import dev.jinn.kernels.Kernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The normalization loops on the Vector API. Sums run in four float vector accumulators (to hide
 * the add latency) over blocks of {@link #BLOCK} elements; each block's lanes are then added into a
 * double. The block bound keeps float rounding from growing with the row length. Lanes are summed
 * by a fixed tree of lane-wise adds (rather than {@code reduceLanes}, whose order is unspecified), so
 * results are identical whether the code runs interpreted or compiled and never depend on the
 * thread count.
 *
 * <p>Long rows start with their {@link #lead lead}, taken by a masked vector (sums and squares) or
 * one element at a time (normalize), so that the vector loads and stores after it sit at
 * vector-size boundaries; a row's sums have the same bits wherever it is summed. Rows end the same
 * way: after the whole vectors, a masked one or single elements.
 *
 * <p>{@link #shiftedStats} and the pipelines built on it ({@link #affineThenStats}, {@link
 * #normalizeThenStats}) take a row's mean and M2 in one pass, by Welford's update per lane and
 * Chan's merge of lanes and blocks, with the same bits whichever of them takes the row.
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
    /**
     * Per STEP t of a block, for {@link #shiftedStats}: the share 1 / (t + 1) of a lane's mean that
     * the STEP's four values take, and 4t / (t + 1), the factor of their M2 term (Chan's na * nb /
     * (na + nb) with na = 4t, nb = 4).
     */
    private static final float[] SHARE = new float[BLOCK / STEP], SPREAD = new float[BLOCK / STEP];

    static {
        for (int t = 0; t < SHARE.length; t++) {
            SHARE[t] = 1f / (t + 1);
            SPREAD[t] = 4f * t / (t + 1);
        }
    }

    /**
     * Rows at least this long start their sums, squares and normalize loops at their {@link #lead},
     * where no vector straddles two cache lines: RMSNorm [4,1024,4096] took 5,180-5,410 µs so
     * against 5,370-5,950 from each row's first element (1 thread, three runs each). Shorter rows,
     * which sit in L1 for their later passes, keep plain loops, and the four-row forms take only
     * those. The one-pass statistics ({@link #shiftedStats}) take no lead.
     */
    private static final int ALIGN_MIN = 2048;
    /** Floats before element 0 of a float[] in HotSpot's default layout: a 16-byte header. */
    private static final int HEADER_FLOATS = 4;

    /** Refuses species too narrow to beat the scalar loops (for instance where no SIMD is available). */
    public VectorNormKernel() {
        if (L < 4) throw new UnsupportedOperationException("preferred float species has " + L + " lanes");
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "bit";
    }

    /**
     * Elements of the row of n at {@code off} before the first that sits at a multiple of the vector
     * size, if the array's header starts at one: G1 places the large arrays that long rows live in
     * at region starts. Only the speed depends on that guess; the sums depend on off and n alone.
     */
    private static int lead(int off, int n) {
        return n < ALIGN_MIN ? 0 : -(off + HEADER_FLOATS) & (L - 1);
    }

    /** The sum of {@code x - shift} over the h (less than L) elements at off, by one masked vector. */
    private static double leadSum(float[] x, int off, int h, float shift) {
        if (h == 0) return 0;
        VectorMask<Float> m = S.indexInRange(0, h);
        // Masked lanes load 0 and the masked sub leaves them 0.
        FloatVector d = FloatVector.fromArray(S, x, off, m).sub(FloatVector.broadcast(S, shift), m);
        for (VectorShuffle<Float> f : FOLD) d = d.add(d.rearrange(f));
        return d.lane(0);
    }

    /** The sum of {@code (x - center)^2} over the h (less than L) elements at off, by one masked vector. */
    private static double leadSquares(float[] x, int off, int h, float center) {
        if (h == 0) return 0;
        VectorMask<Float> m = S.indexInRange(0, h);
        FloatVector d = FloatVector.fromArray(S, x, off, m).sub(FloatVector.broadcast(S, center), m);
        d = d.mul(d);
        for (VectorShuffle<Float> f : FOLD) d = d.add(d.rearrange(f));
        return d.lane(0);
    }

    @Override
    public double shiftedSum(float[] x, int off, int n, float shift) {
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
    private static double finishSum(float[] x, int off, int n, int i, float shift, double total) {
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

    @Override
    public double centeredSumSquares(float[] x, int off, int n, float center) {
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
    private static double finishSquares(float[] x, int off, int n, int i, float center, double total) {
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

    @Override
    public void normalize(float[] x, int xOff, int n, float center, float invStd, float offset,
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
    private static void normalizeEach(float[] x, int xOff, int from, int to, float center, float invStd, float offset,
                                      float[] scale, int sOff, float[] bias, int bOff, float[] y, int yOff) {
        for (int i = from; i < to; i++) {
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
        VectorMask<Float> m = S.indexInRange(i, n);
        FloatVector.fromArray(S, x, xOff + i, m).sub(vs).fma(va, vb).intoArray(y, yOff + i, m);
    }

    /*
     * The four-row forms take rows shorter than ALIGN_MIN (which have no lead) and add each row
     * exactly as shiftedSum and centeredSumSquares do (four accumulators per STEP, folded per BLOCK,
     * then the tails and the not-finite redo), so a row's sums have the same bits whether the thread
     * split left it in a group of four or not; four rows per step keep sixteen accumulators busy
     * where one row's four wait on each add.
     */
    @Override
    public void shiftedSums(float[] x, int off, int n, int rows, float[] shift, double[] sums) {
        if (rows == ROWS && n < ALIGN_MIN) rowSums4(x, off, n, shift, sums, false);
        else NormKernel.super.shiftedSums(x, off, n, rows, shift, sums);
    }

    @Override
    public void centeredSquares(float[] x, int off, int n, int rows, float[] center, double[] squares) {
        if (rows == ROWS && n < ALIGN_MIN) rowSums4(x, off, n, center, squares, true);
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
        if (rows != ROWS || n >= ALIGN_MIN) {
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
     * One pass: each lane keeps the mean and M2 of its elements, updated a STEP at a time by the
     * mean and M2 of the four values the STEP gives it (Welford's update by blocks, after Chan,
     * Golub and LeVeque); the lanes are merged pairwise per BLOCK, and the blocks and the tail in
     * double. It saves a pass over the row, which rows too long to stay in L1 pay for: instance
     * norm's pipeline at [8,64,56,56] took 150-180 µs so against 200-235 with a sum and a squares
     * pass (harness, X in L3). Rows whose lanes overflow or meet a NaN or Inf are taken again by the
     * scalar kernel's two passes.
     *
     * <p>Unlike the sums, the statistics start at element 0 with no {@link #lead}: a lead taken in
     * double cost the pipeline ~10 %, more than aligned loads gained. The blocks are merged inline,
     * not by a call: C2 does not inline one into a method this large, and a call inside the loops
     * slowed the pipeline by a quarter.
     */
    @Override
    public void shiftedStats(float[] x, int off, int n, float shift, double[] out) {
        statsPass(x, off, n, shift, out, null, 0, 0, 0, null, null);
        finishStats(x, off, n, n - n % STEP, shift, out);
    }

    /**
     * Merges elements [from, to) of the row at off, their mean and M2 taken in double in two passes,
     * into acc, the mean and M2 of elements [0, from).
     */
    private static void mergePiece(float[] x, int off, int from, int to, float shift, double[] acc) {
        if (from == to) return;
        double s = 0, q = 0;
        for (int i = from; i < to; i++) s += (double) x[off + i] - shift;
        double nb = to - from, m = s / nb;
        for (int i = from; i < to; i++) {
            double e = (double) x[off + i] - shift - m;
            q += e * e;
        }
        double d = m - acc[0];
        acc[0] += d * nb / to;
        acc[1] += q + d * d * (from * nb / to);
    }

    /** shiftedStats from {@code i} (where its STEP blocks end) on; rows whose lanes overflowed or met a NaN or Inf again in double. */
    private static void finishStats(float[] x, int off, int n, int i, float shift, double[] out) {
        mergePiece(x, off, i, n, shift, out);
        if (!Double.isFinite(out[0]) || !Double.isFinite(out[1])) Kernels.scalar().norm().shiftedStats(x, off, n, shift, out);
    }

    @Override
    public void affineThenStats(float[] x, float[] y, int off, int n, int segLen, float shift, float[] a, float[] b,
                                float statShift, double[] out) {
        if (segLen < n && segLen % STEP != 0) {
            // A STEP would straddle two segments; the plain loops take any length.
            NormKernel.super.affineThenStats(x, y, off, n, segLen, shift, a, b, statShift, out);
            return;
        }
        statsPass(x, off + n, n, statShift, out, y, off, shift, segLen, a, b);
        int i = n - n % STEP;
        // The last n % STEP elements one at a time, with the bits of the vector lanes.
        for (int w = i; w < n; w++) y[off + w] = Math.fma(x[off + w] - shift, a[w / segLen], b[w / segLen]);
        finishStats(x, off + n, n, i, statShift, out);
    }

    @Override
    public void normalizeThenStats(float[] x, int off, int n, float center, float invStd, float offset, float[] scale,
                                   float[] bias, int pOff, float[] y, int statOff, float statShift, double[] out) {
        normalizeLoop(x, off, n, center, invStd, offset, scale, bias, pOff, y, statOff, statShift, out);
        int i = n - n % STEP;
        if (y != null) normalizeEach(x, off, i, n, center, invStd, offset, scale, pOff, bias, pOff, y, off);
        finishStats(x, statOff, n, i, statShift, out);
    }

    /**
     * {@link #normalizeThenStats} over the row's whole STEPs: the loop of {@link #statsPass} with
     * the normalize of {@link #normalize} beside it (none where y is null). Apart from statsPass's
     * affine mode, with each STEP's four vectors written out and the tails left to the caller, C2
     * keeps this loop's arrays and counters in registers: a row of 768 took 75-98 ns against 112-136
     * in statsPass (X in L2 or L3, harness); a loop over the four vectors, or the tails inlined here,
     * each cost a third more. LayerNorm [8,512,768] took 867-883 µs against 941-1,017 (`jinn bench`,
     * 1 thread, alternated). The statistics take statsPass's arithmetic in its order, so a row's mean
     * and M2 have the same bits whichever loop takes them (NormKernelTest checks it).
     */
    private static void normalizeLoop(float[] x, int off, int n, float center, float invStd, float offset, float[] scale,
                                      float[] bias, int pOff, float[] y, int statOff, float statShift, double[] out) {
        int i = 0, bound4 = n - n % STEP;
        double mean = 0, m2 = 0;
        FloatVector vc = FloatVector.broadcast(S, center);
        FloatVector vi = FloatVector.broadcast(S, invStd);
        FloatVector vo = FloatVector.broadcast(S, offset);
        FloatVector ns = FloatVector.broadcast(S, statShift), quarter = FloatVector.broadcast(S, 0.25f);
        while (i < bound4) {
            int start = i, end = Math.min(bound4, i + BLOCK);
            FloatVector mu = FloatVector.zero(S), q = mu;
            // scalar: as statsPass; y = ((x - center) * invStd + offset) * scale (+ bias)
            for (int t = 0, steps = (end - start) / STEP; t < steps; t++) {
                int j = statOff + start + t * STEP;
                FloatVector d0 = FloatVector.fromArray(S, x, j).sub(ns);
                FloatVector d1 = FloatVector.fromArray(S, x, j + L).sub(ns);
                FloatVector d2 = FloatVector.fromArray(S, x, j + 2 * L).sub(ns);
                FloatVector d3 = FloatVector.fromArray(S, x, j + 3 * L).sub(ns);
                FloatVector m = d0.add(d1).add(d2.add(d3)).mul(quarter);
                FloatVector e0 = d0.sub(m), e1 = d1.sub(m), e2 = d2.sub(m), e3 = d3.sub(m);
                FloatVector qb = e0.fma(e0, e1.mul(e1)).add(e2.fma(e2, e3.mul(e3)));
                FloatVector delta = m.sub(mu);
                mu = delta.fma(FloatVector.broadcast(S, SHARE[t]), mu);
                q = delta.mul(FloatVector.broadcast(S, SPREAD[t])).fma(delta, q.add(qb));
                if (y == null) continue;
                int v = off + start + t * STEP, p = pOff + start + t * STEP;
                FloatVector z0 = FloatVector.fromArray(S, x, v).sub(vc).fma(vi, vo);
                FloatVector z1 = FloatVector.fromArray(S, x, v + L).sub(vc).fma(vi, vo);
                FloatVector z2 = FloatVector.fromArray(S, x, v + 2 * L).sub(vc).fma(vi, vo);
                FloatVector z3 = FloatVector.fromArray(S, x, v + 3 * L).sub(vc).fma(vi, vo);
                FloatVector s0 = FloatVector.fromArray(S, scale, p), s1 = FloatVector.fromArray(S, scale, p + L);
                FloatVector s2 = FloatVector.fromArray(S, scale, p + 2 * L), s3 = FloatVector.fromArray(S, scale, p + 3 * L);
                if (bias == null) {
                    z0.mul(s0).intoArray(y, v);
                    z1.mul(s1).intoArray(y, v + L);
                    z2.mul(s2).intoArray(y, v + 2 * L);
                    z3.mul(s3).intoArray(y, v + 3 * L);
                } else {
                    z0.fma(s0, FloatVector.fromArray(S, bias, p)).intoArray(y, v);
                    z1.fma(s1, FloatVector.fromArray(S, bias, p + L)).intoArray(y, v + L);
                    z2.fma(s2, FloatVector.fromArray(S, bias, p + 2 * L)).intoArray(y, v + 2 * L);
                    z3.fma(s3, FloatVector.fromArray(S, bias, p + 3 * L)).intoArray(y, v + 3 * L);
                }
            }
            i = end;
            float laneN = (i - start) / L;
            for (VectorShuffle<Float> f : FOLD) {
                FloatVector mu2 = mu.rearrange(f), dm = mu2.sub(mu);
                q = q.add(q.rearrange(f)).add(dm.mul(dm).mul(0.5f * laneN));
                mu = mu.add(mu2).mul(0.5f);
                laneN *= 2;
            }
            double nb = i - start, d = mu.lane(0) - mean;
            mean += d * nb / i;
            m2 += q.lane(0) + d * d * (start * nb / i);
        }
        out[0] = mean;
        out[1] = m2;
    }

    /**
     * Rows whose length is a multiple of L and at least {@link #ALIGN_MIN}, with every load and
     * store on whole cache lines: where rows do not start on a line (a float[]'s header is 16
     * bytes), row r's last {@code L - h} elements and row r + 1's first h share one vector, the
     * seam, whose squares count lane by lane towards the row each lane belongs to, and which is
     * written once both rows' invStd are known, each lane with its own row's. Rows go in blocks of
     * {@link #RMS_BLOCK_ROWS} through {@link #rmsBlock}, which is thus called often enough per run
     * to be compiled by C2 within a few runs (called once per run, it ran C1 code, where vector
     * operations allocate, for hundreds of runs). RMSNorm [4,1024,4096] (X and Y 67 MB): 83-85 % of
     * the copy speed against 79-80 % row by row through {@link #normalizeThenSquares} (harness, in
     * turn in one JVM); through {@code jinn bench}, 4,138-4,705 µs against 4,296-4,744 (four pairs).
     * Rows that start on a line ran at 89-91 %: what the seams cost is not their few operations
     * (the ends one element at a time measured the same) but something of the offset rows.
     */
    @Override
    public boolean rmsRows(float[] x, int n, int from, int to, float eps, float[] scale, float[] y, float[] invStd) {
        if (n % L != 0 || n < ALIGN_MIN || from >= to) return false;
        // The first row's squares through the same loop as the others': a pass over that row alone,
        // taking its own squares, whose output the next pass writes over.
        double sq = rmsBlock(x, n, from, from + 1, from + 1, 0, eps, scale, y, invStd);
        for (int a = from; a < to; a += RMS_BLOCK_ROWS) {
            sq = rmsBlock(x, n, a, Math.min(to, a + RMS_BLOCK_ROWS), to, sq, eps, scale, y, invStd);
        }
        return true;
    }

    private static final int RMS_BLOCK_ROWS = 32;

    /**
     * {@link #rmsRows} over rows [from, to), given the first row's sum of squares: writes them, the
     * seams at both ends only in their own lanes, and returns the sum of squares of row {@code to},
     * or where that is {@code limit} (the end of the caller's rows), of row to - 1 again.
     */
    private static double rmsBlock(float[] x, int n, int from, int to, int limit, double sq, float eps, float[] scale,
                                   float[] y, float[] invStd) {
        int h = lead(from * n, n), tail = (L - h) % L, bodyEnd = n - tail, blocks = (bodyEnd - h + BLOCK - 1) / BLOCK;
        // Lanes [0, tail) of a seam end one row, lanes [tail, L) start the next; rows that start on
        // a line have no seam (both masks empty). No mask here is chosen by a condition: a mask
        // that flows out of one is boxed, and each access through it goes lane by lane.
        VectorMask<Float> lo = S.indexInRange(0, tail), hi = lo.not().and(S.indexInRange(0, h == 0 ? 0 : L));
        // scale[n - tail, n) then scale[0, h): the last and first lines of scale, joined.
        FloatVector seamScale = FloatVector.fromArray(S, scale, n - L).slice(L - tail, FloatVector.fromArray(S, scale, 0));
        float prevInv = 0, tinyInv = 0;
        int tiny = -1;
        for (int r = from; r < to; r++) {
            int off = r * n;
            double variance = sq / n;
            // Float lanes that overflowed, or a row with an Inf or NaN: its mean square in double.
            if (!(variance < Double.POSITIVE_INFINITY)) variance = Kernels.scalar().norm().centeredSumSquares(x, off, n, 0) / n;
            double inv = 1.0 / Math.sqrt(variance + eps);
            float fi = (float) inv;
            if (invStd != null) invStd[r] = fi;
            if (h != 0) {
                // The seam before this row; at the chunk's first row, only this row's lanes.
                int so = off - tail;
                if (r == from) {
                    FloatVector.fromArray(S, x, so, hi).mul(fi).mul(seamScale).intoArray(y, so, hi);
                } else {
                    FloatVector seamInv = FloatVector.broadcast(S, prevInv).blend(fi, hi);
                    FloatVector.fromArray(S, x, so).mul(seamInv).mul(seamScale).intoArray(y, so);
                }
            }
            if (tiny >= 0) {
                // The row before, of huge values (invStd under 1e-30: too small for float products),
                // again in double, now that its seams are written.
                Kernels.scalar().norm().normalize(x, tiny * n, n, 0, tinyInv, 0, scale, 0, null, 0, y, tiny * n);
                tiny = -1;
            }
            if (inv < 1e-30) {
                tiny = r;
                tinyInv = fi;
            }
            // Row r's body, [h, bodyEnd), written while the next row's squares are taken: its seam
            // lanes, then its body in blocks of BLOCK, each folded into the double total.
            int statOff = r + 1 < limit ? off + n : off;
            double total = seamSquares(x, statOff, n, h);
            FloatVector vi = FloatVector.broadcast(S, fi);
            for (int b = 0; b < blocks; b++) {
                int start = h + b * BLOCK, len = Math.min(BLOCK, bodyEnd - start), steps = len / STEP;
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                // scalar: y = x * invStd * scale; sum += x'^2 (x' of the row at statOff)
                for (int t = 0; t < steps; t++) {
                    int i = start + t * STEP, v = off + i, j = statOff + i;
                    FloatVector.fromArray(S, x, v).mul(vi).mul(FloatVector.fromArray(S, scale, i)).intoArray(y, v);
                    FloatVector.fromArray(S, x, v + L).mul(vi).mul(FloatVector.fromArray(S, scale, i + L)).intoArray(y, v + L);
                    FloatVector.fromArray(S, x, v + 2 * L).mul(vi).mul(FloatVector.fromArray(S, scale, i + 2 * L)).intoArray(y, v + 2 * L);
                    FloatVector.fromArray(S, x, v + 3 * L).mul(vi).mul(FloatVector.fromArray(S, scale, i + 3 * L)).intoArray(y, v + 3 * L);
                    FloatVector d0 = FloatVector.fromArray(S, x, j);
                    FloatVector d1 = FloatVector.fromArray(S, x, j + L);
                    FloatVector d2 = FloatVector.fromArray(S, x, j + 2 * L);
                    FloatVector d3 = FloatVector.fromArray(S, x, j + 3 * L);
                    a0 = d0.fma(d0, a0);
                    a1 = d1.fma(d1, a1);
                    a2 = d2.fma(d2, a2);
                    a3 = d3.fma(d3, a3);
                }
                for (int i = start + steps * STEP; i < start + len; i += L) {
                    FloatVector.fromArray(S, x, off + i).mul(vi).mul(FloatVector.fromArray(S, scale, i)).intoArray(y, off + i);
                    FloatVector d0 = FloatVector.fromArray(S, x, statOff + i);
                    a0 = d0.fma(d0, a0);
                }
                FloatVector sum = a0.add(a1).add(a2.add(a3));
                for (VectorShuffle<Float> f : FOLD) sum = sum.add(sum.rearrange(f));
                total += sum.lane(0);
            }
            sq = total;
            prevInv = fi;
        }
        if (h != 0) {
            // The chunk's last row's end; the seam's other lanes are the next chunk's.
            int so = to * n - tail;
            FloatVector.fromArray(S, x, so, lo).mul(prevInv).mul(seamScale).intoArray(y, so, lo);
        }
        if (tiny >= 0) Kernels.scalar().norm().normalize(x, tiny * n, n, 0, tinyInv, 0, scale, 0, null, 0, y, tiny * n);
        return sq;
    }

    /**
     * The squares of the seam lanes of the row of n at off (the h before its first whole line, the
     * L - h after its last), folded: full loads and lane selects, masked loads only at the array's
     * ends. Its masks are made here, from h: a vector or mask passed to a method that is not
     * inlined is boxed.
     */
    private static double seamSquares(float[] x, int off, int n, int h) {
        int tail = (L - h) % L, a = off - tail, b = off + n - tail;
        VectorMask<Float> lo = S.indexInRange(0, tail), hi = lo.not().and(S.indexInRange(0, h == 0 ? 0 : L));
        FloatVector e = a >= 0 ? FloatVector.fromArray(S, x, a).blend(0f, hi.not()) : FloatVector.fromArray(S, x, a, hi);
        FloatVector d = b + L <= x.length ? FloatVector.fromArray(S, x, b).blend(0f, lo.not()) : FloatVector.fromArray(S, x, b, lo);
        e = e.mul(e);
        e = d.fma(d, e);
        for (VectorShuffle<Float> f : FOLD) e = e.add(e.rearrange(f));
        return e.lane(0);
    }

    @Override
    public double normalizeThenSquares(float[] x, int off, int n, float invStd, float[] scale, float[] bias, int pOff,
                                       float[] y, int statOff) {
        // The squares take centeredSumSquares's steps (lead, STEPs in blocks, tail); the row written
        // follows them, element for element.
        int h = lead(statOff, n), bound4 = n - (n - h) % STEP;
        if (y != null) scaleMasked(x, off, 0, h, invStd, scale, bias, pOff, y);
        double total = squaresLoop(x, off, h, bound4, invStd, scale, bias, pOff, y, statOff, leadSquares(x, statOff, h, 0));
        if (y != null) {
            FloatVector vi = FloatVector.broadcast(S, invStd);
            int i = bound4;
            for (int bound = n - (n - i) % L; i < bound; i += L) {
                FloatVector z = FloatVector.fromArray(S, x, off + i).mul(vi);
                FloatVector s = FloatVector.fromArray(S, scale, pOff + i);
                (bias == null ? z.mul(s) : z.fma(s, FloatVector.fromArray(S, bias, pOff + i))).intoArray(y, off + i);
            }
            scaleMasked(x, off, i, n, invStd, scale, bias, pOff, y);
        }
        return finishSquares(x, statOff, n, bound4, 0, total);
    }

    /**
     * normalizeThenSquares's map of elements [from, to), fewer than L, by one masked vector: a row's
     * lead and last elements (one at a time, a row of 4096 in L1 took 423-449 ns against 386-411).
     */
    private static void scaleMasked(float[] x, int off, int from, int to, float invStd, float[] scale, float[] bias,
                                    int pOff, float[] y) {
        if (from == to) return;
        VectorMask<Float> m = S.indexInRange(from, to);
        FloatVector z = FloatVector.fromArray(S, x, off + from, m).mul(invStd);
        FloatVector s = FloatVector.fromArray(S, scale, pOff + from, m);
        (bias == null ? z.mul(s) : z.fma(s, FloatVector.fromArray(S, bias, pOff + from, m))).intoArray(y, off + from, m);
    }

    /**
     * {@link #normalizeThenSquares} over elements [h, bound4): the loop of {@link #centeredSumSquares}
     * (around 0, whose subtraction changes no bits) with the row's write beside it, adding each block
     * to {@code total} as that method does. The write is repeated rather than called: as a method,
     * even inlined, it slowed normalizeLoop from 91 to 150 ns a row. The loop does as little per
     * element as it can, as every operation costs here: {@code x * invStd * scale} rather than
     * normalize's {@code ((x - 0) * invStd + 0) * scale} took 3.9-4.0 ms against 4.4-4.5, and the
     * stores before the next row's loads 3.9 against 4.0 (harness, rows of 4096, X and Y 67 MB
     * each, copy 3.3-3.6).
     */
    private static double squaresLoop(float[] x, int off, int h, int bound4, float invStd, float[] scale,
                                      float[] bias, int pOff, float[] y, int statOff, double total) {
        // Broadcast here, not passed in: a vector argument of a method that is not inlined is a
        // boxed array, which the loop's stores to y may alias, so it was reloaded at every step
        // (RMSNorm [4,1024,4096] 6.1-6.6 ms against 4.7-4.9).
        FloatVector vi = FloatVector.broadcast(S, invStd);
        int i = h;
        while (i < bound4) {
            int start = i, end = Math.min(bound4, i + BLOCK);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            // scalar: y = x * invStd * scale (+ bias); sum += x'^2 (x' of the row at statOff)
            for (int t = 0, steps = (end - start) / STEP; t < steps; t++) {
                if (y != null) {
                    int v = off + start + t * STEP, p = pOff + start + t * STEP;
                    FloatVector z0 = FloatVector.fromArray(S, x, v).mul(vi);
                    FloatVector z1 = FloatVector.fromArray(S, x, v + L).mul(vi);
                    FloatVector z2 = FloatVector.fromArray(S, x, v + 2 * L).mul(vi);
                    FloatVector z3 = FloatVector.fromArray(S, x, v + 3 * L).mul(vi);
                    FloatVector s0 = FloatVector.fromArray(S, scale, p), s1 = FloatVector.fromArray(S, scale, p + L);
                    FloatVector s2 = FloatVector.fromArray(S, scale, p + 2 * L), s3 = FloatVector.fromArray(S, scale, p + 3 * L);
                    if (bias == null) {
                        z0.mul(s0).intoArray(y, v);
                        z1.mul(s1).intoArray(y, v + L);
                        z2.mul(s2).intoArray(y, v + 2 * L);
                        z3.mul(s3).intoArray(y, v + 3 * L);
                    } else {
                        z0.fma(s0, FloatVector.fromArray(S, bias, p)).intoArray(y, v);
                        z1.fma(s1, FloatVector.fromArray(S, bias, p + L)).intoArray(y, v + L);
                        z2.fma(s2, FloatVector.fromArray(S, bias, p + 2 * L)).intoArray(y, v + 2 * L);
                        z3.fma(s3, FloatVector.fromArray(S, bias, p + 3 * L)).intoArray(y, v + 3 * L);
                    }
                }
                int j = statOff + start + t * STEP;
                FloatVector d0 = FloatVector.fromArray(S, x, j);
                FloatVector d1 = FloatVector.fromArray(S, x, j + L);
                FloatVector d2 = FloatVector.fromArray(S, x, j + 2 * L);
                FloatVector d3 = FloatVector.fromArray(S, x, j + 3 * L);
                a0 = d0.fma(d0, a0);
                a1 = d1.fma(d1, a1);
                a2 = d2.fma(d2, a2);
                a3 = d3.fma(d3, a3);
            }
            i = end;
            FloatVector sum = a0.add(a1).add(a2.add(a3));
            for (VectorShuffle<Float> f : FOLD) sum = sum.add(sum.rearrange(f));
            total += sum.lane(0);
        }
        return total;
    }

    /**
     * {@link #shiftedStats} of the row of n at {@code off} into out over its whole STEPs (the caller
     * takes the rest), and where y is not null, in the same pass, {@link #affine} of the row of n at
     * {@code wOff} into y at the same offset, around {@code center}, with segment k's {@code a[k]} and
     * {@code b[k]} (segLen a multiple of STEP, or the whole row), with affine's bits. One method for
     * both, so that a pipeline's first group, whose statistics are taken alone, runs the code its
     * other groups made hot: called once per run on its own, the statistics stayed C1-compiled
     * through a benchmark, where every vector op allocates (40 KB per call).
     */
    private static void statsPass(float[] x, int off, int n, float shift, double[] out, float[] y, int wOff,
                                  float center, int segLen, float[] a, float[] b) {
        int i = 0, bound4 = n - n % STEP;
        double mean = 0, m2 = 0;
        FloatVector vc = FloatVector.broadcast(S, center);
        FloatVector ns = FloatVector.broadcast(S, shift), quarter = FloatVector.broadcast(S, 0.25f);
        int seg = 0, segEnd = segLen;
        while (i < bound4) {
            int start = i, end = Math.min(bound4, i + BLOCK);
            FloatVector mu = FloatVector.zero(S), q = mu;
            // scalar: Welford's update of each lane's mean and M2 by the four values of a STEP;
            // y = (x - center) * a[seg] + b[seg]
            for (int t = 0, steps = (end - start) / STEP; t < steps; t++) {
                i = start + t * STEP;
                int j = off + i;
                FloatVector d0 = FloatVector.fromArray(S, x, j).sub(ns);
                FloatVector d1 = FloatVector.fromArray(S, x, j + L).sub(ns);
                FloatVector d2 = FloatVector.fromArray(S, x, j + 2 * L).sub(ns);
                FloatVector d3 = FloatVector.fromArray(S, x, j + 3 * L).sub(ns);
                FloatVector m = d0.add(d1).add(d2.add(d3)).mul(quarter);
                FloatVector e0 = d0.sub(m), e1 = d1.sub(m), e2 = d2.sub(m), e3 = d3.sub(m);
                FloatVector qb = e0.fma(e0, e1.mul(e1)).add(e2.fma(e2, e3.mul(e3)));
                FloatVector delta = m.sub(mu);
                mu = delta.fma(FloatVector.broadcast(S, SHARE[t]), mu);
                q = delta.mul(FloatVector.broadcast(S, SPREAD[t])).fma(delta, q.add(qb));
                if (y == null) continue;
                if (i >= segEnd) {
                    seg++;
                    segEnd += segLen;
                }
                // Broadcast here rather than reassigning vectors declared outside the loop: C2 boxes those.
                FloatVector va = FloatVector.broadcast(S, a[seg]), vb = FloatVector.broadcast(S, b[seg]);
                int v = wOff + i;
                FloatVector.fromArray(S, x, v).sub(vc).fma(va, vb).intoArray(y, v);
                FloatVector.fromArray(S, x, v + L).sub(vc).fma(va, vb).intoArray(y, v + L);
                FloatVector.fromArray(S, x, v + 2 * L).sub(vc).fma(va, vb).intoArray(y, v + 2 * L);
                FloatVector.fromArray(S, x, v + 3 * L).sub(vc).fma(va, vb).intoArray(y, v + 3 * L);
            }
            i = end;
            // The lanes, of (i - start) / L elements each, merged pairwise; then the block, as mergePiece does.
            float laneN = (i - start) / L;
            for (VectorShuffle<Float> f : FOLD) {
                FloatVector mu2 = mu.rearrange(f), dm = mu2.sub(mu);
                q = q.add(q.rearrange(f)).add(dm.mul(dm).mul(0.5f * laneN));
                mu = mu.add(mu2).mul(0.5f);
                laneN *= 2;
            }
            double nb = i - start, d = mu.lane(0) - mean;
            mean += d * nb / i;
            m2 += q.lane(0) + d * d * (start * nb / i);
        }
        out[0] = mean;
        out[1] = m2;
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
