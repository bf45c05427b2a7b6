package dev.jinn.kernels.norm;

import static dev.jinn.kernels.norm.VectorLanes.*;
import static dev.jinn.kernels.norm.VectorRowPasses.*;

import dev.jinn.kernels.Kernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

/**
 * A row's mean and M2 in one pass (Welford's update per lane, Chan's merge of lanes and blocks),
 * and the pipelines built on it, which write one row while taking the next one's statistics in the
 * same pass so that no row is read twice from memory: {@code RowNorm}'s pipelined plan (layer-norm
 * rows, and RMS rows too short for {@link VectorRmsPipeline}) and instance and group norm's groups
 * too long to sit in L1 ({@code GroupedNorm}). The statistics have the same bits whichever of these
 * methods takes a row.
 */
final class VectorWelfordPipeline {
    private VectorWelfordPipeline() {}

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
     * One pass: each lane keeps the mean and M2 of its elements, updated a STEP at a time by the
     * mean and M2 of the four values the STEP gives it (Welford's update by blocks, after Chan,
     * Golub and LeVeque); the lanes are merged pairwise per BLOCK, and the blocks and the tail in
     * double. It saves a pass over the row, which rows too long to stay in L1 pay for: instance
     * norm's pipeline at [8,64,56,56] took 150-180 µs so against 200-235 with a sum and a squares
     * pass (harness, X in L3). Rows whose lanes overflow or meet a NaN or Inf are taken again by the
     * scalar kernel's two passes.
     *
     * <p>Unlike the sums, the statistics start at element 0 with no {@link VectorLanes#lead lead}: a lead taken in
     * double cost the pipeline ~10 %, more than aligned loads gained. The blocks are merged inline,
     * not by a call: C2 does not inline one into a method this large, and a call inside the loops
     * slowed the pipeline by a quarter.
     */
    static void shiftedStats(float[] x, int off, int n, float shift, double[] out) {
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

    static void affineThenStats(float[] x, float[] y, int off, int n, int segLen, float shift, float[] a, float[] b,
                                float statShift, double[] out) {
        statsPass(x, off + n, n, statShift, out, y, off, shift, segLen, a, b);
        int i = n - n % STEP;
        // The last n % STEP elements one at a time, with the bits of the vector lanes.
        for (int w = i; w < n; w++) y[off + w] = Math.fma(x[off + w] - shift, a[w / segLen], b[w / segLen]);
        finishStats(x, off + n, n, i, statShift, out);
    }

    static void normalizeThenStats(float[] x, int off, int n, float center, float invStd, float offset, float[] scale,
                                   float[] bias, int pOff, float[] y, int statOff, float statShift, double[] out) {
        normalizeLoop(x, off, n, center, invStd, offset, scale, bias, pOff, y, statOff, statShift, out);
        int i = n - n % STEP;
        if (y != null) normalizeEach(x, off, i, n, center, invStd, offset, scale, pOff, bias, pOff, y, off);
        finishStats(x, statOff, n, i, statShift, out);
    }

    /**
     * {@link #normalizeThenStats} over the row's whole STEPs: the loop of {@link #statsPass} with
     * the normalize of {@link VectorRowPasses#normalize} beside it (none where y is null). Apart from statsPass's
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
     * {@link #shiftedStats} of the row of n at {@code off} into out over its whole STEPs (the caller
     * takes the rest), and where y is not null, in the same pass, {@link VectorRowPasses#affine} of the row of n at
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
}
