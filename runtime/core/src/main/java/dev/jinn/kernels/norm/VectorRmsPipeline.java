package dev.jinn.kernels.norm;

import static dev.jinn.kernels.norm.VectorLanes.*;
import static dev.jinn.kernels.norm.VectorRowPasses.*;

import dev.jinn.kernels.Kernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * RMS rows of {@code RowNorm}'s pipelined plan that are long enough to start at their lead: each
 * written while the next one's plain sum of squares is taken ({@link #normalizeThenSquares}), and
 * where their length is a multiple of the vector and nothing but the scale is applied, as one
 * stream of whole cache lines ({@link #rmsRows}).
 */
final class VectorRmsPipeline {
    private VectorRmsPipeline() {}

    /**
     * Rows whose length is a multiple of L and at least {@link VectorLanes#ALIGN_MIN}, with every load and
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
    static boolean rmsRows(float[] x, int n, int from, int to, float eps, float[] scale, float[] y, float[] invStd) {
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

    static double normalizeThenSquares(float[] x, int off, int n, float invStd, float[] scale, float[] bias, int pOff,
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
     * {@link #normalizeThenSquares} over elements [h, bound4): the loop of {@link VectorRowPasses#centeredSumSquares}
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
}
