package dev.jinn.kernels.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** {@link GemmKernel} on the Vector API: micro-tiles of MR rows by three vectors of columns. */
public final class VectorGemmKernel extends PackedGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /**
     * Rows of the micro-tile: 8 x 3 vector accumulators plus 3 B vectors and a broadcast fit the 32
     * registers of AVX-512; with 16 registers (AVX2, NEON-sized vectors) 4 x 3 do.
     */
    private static final int MR = V >= 16 ? 8 : 4;
    /** Columns of the micro-tile (three vectors). */
    private static final int NR = 3 * V;

    public VectorGemmKernel() {
        super(MR, NR);
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "bit";
    }

    @Override
    public void gemmSkinny(int m, int k, float alpha, float[] a, int aOff, int rsA, int csA, float[] b, int bOff, int rsB,
                           int csB, float[] c, int cOff, int ldc, int jFrom, int jTo, boolean add, float[] rowBias) {
        int len = jTo - jFrom;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc + jFrom;
            if (csB == 1) {
                // Rows of B are contiguous: each element still sums over p in order, as the scalar twin does.
                float[] acc = new float[len];
                for (int p = 0; p < k; p++) axpy(a[aOff + i * rsA + p * csA], b, bOff + p * rsB + jFrom, acc, len);
                for (int j = 0; j < len; j++) c[ci + j] = Math.fma(alpha, acc[j], add ? c[ci + j] : rowBias == null ? 0f : rowBias[jFrom + j]);
            } else {
                for (int j = 0; j < len; j++) {
                    float dot = rsB == 1 && csA == 1 ? dot(a, aOff + i * rsA, b, bOff + (jFrom + j) * csB, k)
                            : strided(a, aOff + i * rsA, csA, b, bOff + (jFrom + j) * csB, rsB, k);
                    c[ci + j] = Math.fma(alpha, dot, add ? c[ci + j] : rowBias == null ? 0f : rowBias[jFrom + j]);
                }
            }
        }
    }

    /** {@code acc[j] = fma(s, b[bi + j], acc[j])} for j < n. */
    private static void axpy(float s, float[] b, int bi, float[] acc, int n) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int j = 0;
        // scalar: acc = fma(s, b, acc)
        for (int bound = S.loopBound(n); j < bound; j += V) {
            sv.fma(FloatVector.fromArray(S, b, bi + j), FloatVector.fromArray(S, acc, j)).intoArray(acc, j);
        }
        for (; j < n; j++) acc[j] = Math.fma(s, b[bi + j], acc[j]);
    }

    /**
     * The dot product of two contiguous runs of k: four vector accumulators, combined and then
     * their lanes added one by one in lane order (not by reduceLanes, whose order is left open), so
     * the bits do not depend on the JIT.
     */
    private static float dot(float[] a, int ai, float[] b, int bi, int k) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int p = 0;
        // scalar: dot += a * b
        for (int bound = k - 4 * V; p <= bound; p += 4 * V) {
            s0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bi + p), s0);
            s1 = FloatVector.fromArray(S, a, ai + p + V).fma(FloatVector.fromArray(S, b, bi + p + V), s1);
            s2 = FloatVector.fromArray(S, a, ai + p + 2 * V).fma(FloatVector.fromArray(S, b, bi + p + 2 * V), s2);
            s3 = FloatVector.fromArray(S, a, ai + p + 3 * V).fma(FloatVector.fromArray(S, b, bi + p + 3 * V), s3);
        }
        for (int bound = k - V; p <= bound; p += V) s0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bi + p), s0);
        FloatVector all = s0.add(s1).add(s2.add(s3));
        float dot = 0f;
        for (int l = 0; l < V; l++) dot += all.lane(l);
        for (; p < k; p++) dot = Math.fma(a[ai + p], b[bi + p], dot);
        return dot;
    }

    private static float strided(float[] a, int ai, int as, float[] b, int bi, int bs, int k) {
        float dot = 0f;
        for (int p = 0; p < k; p++) dot = Math.fma(a[ai + p * as], b[bi + p * bs], dot);
        return dot;
    }

    @Override
    int width(int cols) {
        return cols <= V ? V : cols <= 2 * V ? 2 * V : NR;
    }

    @Override
    void micro(float[] ap, int ai, float[] bp, int[] rows, int ri, int bi, int kc, float alpha, float[] c, int cAt, int ldc,
               int cols) {
        if (cols == NR) {
            if (MR == 8) micro8x3(ap, ai, bp, rows, ri, bi, kc, alpha, c, cAt, ldc);
            else micro4x3(ap, ai, bp, rows, ri, bi, kc, alpha, c, cAt, ldc);
        } else if (cols == 2 * V) {
            if (MR == 8) micro8x2(ap, ai, bp, rows, ri, bi, kc, alpha, c, cAt, ldc);
            else micro4x2(ap, ai, bp, rows, ri, bi, kc, alpha, c, cAt, ldc);
        } else {
            if (MR == 8) micro8x1(ap, ai, bp, rows, ri, bi, kc, alpha, c, cAt, ldc);
            else micro4x1(ap, ai, bp, rows, ri, bi, kc, alpha, c, cAt, ldc);
        }
    }

    /** Whether {@link #transpose8x16} applies: 16-float vectors and 8-row panels (AVX-512). */
    private static final boolean TRANSPOSE16 = V == 16 && MR == 8;

    @Override
    int packRowsFast(float[] a, int src, int rsA, float[] dst, int d, int kc) {
        int p = 0;
        if (TRANSPOSE16) for (; p + 16 <= kc; p += 16) transpose8x16(a, src + p, rsA, dst, d + p * 8);
        return p;
    }
    private static final VectorShuffle<Float>[] TRANSPOSE_STEPS = TRANSPOSE16 ? transposeSteps() : null;

    /*
     * Lane sources for the three rounds of two-vector rearranges of transpose8x16: a lane below 16
     * picks from the first vector, the rest (written as negative, lane - 16) from the second. Round 1
     * interleaves two rows, round 2 two pairs, round 3 two quads; each has a low and a high half.
     */
    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] transposeSteps() {
        int[][] idx = new int[6][16];
        for (int l = 0; l < 16; l++) {
            idx[0][l] = (l % 2) * 16 + l / 2;
            idx[1][l] = (l % 2) * 16 + 8 + l / 2;
            idx[2][l] = (l % 4 / 2) * 16 + 2 * (l / 4) + l % 2;
            idx[3][l] = (l % 4 / 2) * 16 + 8 + 2 * (l / 4) + l % 2;
            idx[4][l] = (l % 8 / 4) * 16 + 4 * (l / 8) + l % 4;
            idx[5][l] = (l % 8 / 4) * 16 + 8 + 4 * (l / 8) + l % 4;
        }
        VectorShuffle<Float>[] v = new VectorShuffle[6];
        for (int i = 0; i < 6; i++) {
            for (int l = 0; l < 16; l++) if (idx[i][l] >= 16) idx[i][l] -= 32;
            v[i] = VectorShuffle.fromArray(S, idx[i], 0);
        }
        return v;
    }

    /** dst[d + p * 8 + r] = a[s + r * rs + p] for r < 8, p < 16: 8 rows of 16 into the panel layout. */
    private static void transpose8x16(float[] a, int s, int rs, float[] dst, int d) {
        VectorShuffle<Float>[] t = TRANSPOSE_STEPS;
        FloatVector r0 = FloatVector.fromArray(S, a, s), r1 = FloatVector.fromArray(S, a, s + rs);
        FloatVector r2 = FloatVector.fromArray(S, a, s + 2 * rs), r3 = FloatVector.fromArray(S, a, s + 3 * rs);
        FloatVector r4 = FloatVector.fromArray(S, a, s + 4 * rs), r5 = FloatVector.fromArray(S, a, s + 5 * rs);
        FloatVector r6 = FloatVector.fromArray(S, a, s + 6 * rs), r7 = FloatVector.fromArray(S, a, s + 7 * rs);
        // pairs: rows (2i, 2i+1) interleaved, p 0-7 (lo) and 8-15 (hi)
        FloatVector p01l = r0.rearrange(t[0], r1), p01h = r0.rearrange(t[1], r1);
        FloatVector p23l = r2.rearrange(t[0], r3), p23h = r2.rearrange(t[1], r3);
        FloatVector p45l = r4.rearrange(t[0], r5), p45h = r4.rearrange(t[1], r5);
        FloatVector p67l = r6.rearrange(t[0], r7), p67h = r6.rearrange(t[1], r7);
        // quads: rows 0-3 (or 4-7) for 4 consecutive p
        FloatVector qa0 = p01l.rearrange(t[2], p23l), qa1 = p01l.rearrange(t[3], p23l);
        FloatVector qa2 = p01h.rearrange(t[2], p23h), qa3 = p01h.rearrange(t[3], p23h);
        FloatVector qb0 = p45l.rearrange(t[2], p67l), qb1 = p45l.rearrange(t[3], p67l);
        FloatVector qb2 = p45h.rearrange(t[2], p67h), qb3 = p45h.rearrange(t[3], p67h);
        // all 8 rows for 2 consecutive p
        qa0.rearrange(t[4], qb0).intoArray(dst, d);
        qa0.rearrange(t[5], qb0).intoArray(dst, d + 16);
        qa1.rearrange(t[4], qb1).intoArray(dst, d + 32);
        qa1.rearrange(t[5], qb1).intoArray(dst, d + 48);
        qa2.rearrange(t[4], qb2).intoArray(dst, d + 64);
        qa2.rearrange(t[5], qb2).intoArray(dst, d + 80);
        qa3.rearrange(t[4], qb3).intoArray(dst, d + 96);
        qa3.rearrange(t[5], qb3).intoArray(dst, d + 112);
    }
    /**
     * One 8 x NR tile over kc (AVX-512: 24 accumulators, 3 B vectors and a broadcast in 32
     * registers): {@code c += alpha * (A rows x B panel)}, A(r, p) at {@code ap[ai + r * rs + p]}
     * (rows contiguous), B packed. Every index is the loop counter times a constant plus an
     * invariant, so the JIT hoists the array bounds checks out of the loop.
     */
    private static void micro8x3(float[] ap, int ai, float[] bp, int[] rows, int ri, int bi, int kc, float alpha,
                                 float[] c, int cAt, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z;
        FloatVector c40 = z, c41 = z, c42 = z;
        FloatVector c50 = z, c51 = z, c52 = z;
        FloatVector c60 = z, c61 = z, c62 = z;
        FloatVector c70 = z, c71 = z, c72 = z;
        // scalar: acc[r][j] += a[r][p] * b[p][j] for p < kc, r < 8, j < 3V
        for (int p = 0, a0 = ai; p < kc; p++, a0 += MR) {
            int bp0 = rows[ri + p] + bi;
            FloatVector b0 = FloatVector.fromArray(S, bp, bp0 + 0 * V);
            FloatVector b1 = FloatVector.fromArray(S, bp, bp0 + 1 * V);
            FloatVector b2 = FloatVector.fromArray(S, bp, bp0 + 2 * V);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[a0 + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, ap[a0 + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, ap[a0 + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, ap[a0 + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, ap[a0 + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, ap[a0 + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            x = FloatVector.broadcast(S, ap[a0 + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            c62 = x.fma(b2, c62);
            x = FloatVector.broadcast(S, ap[a0 + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            c72 = x.fma(b2, c72);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        c00.fma(al, FloatVector.fromArray(S, c, cAt + 0 * ldc + 0 * V)).intoArray(c, cAt + 0 * ldc + 0 * V);
        c01.fma(al, FloatVector.fromArray(S, c, cAt + 0 * ldc + 1 * V)).intoArray(c, cAt + 0 * ldc + 1 * V);
        c02.fma(al, FloatVector.fromArray(S, c, cAt + 0 * ldc + 2 * V)).intoArray(c, cAt + 0 * ldc + 2 * V);
        c10.fma(al, FloatVector.fromArray(S, c, cAt + 1 * ldc + 0 * V)).intoArray(c, cAt + 1 * ldc + 0 * V);
        c11.fma(al, FloatVector.fromArray(S, c, cAt + 1 * ldc + 1 * V)).intoArray(c, cAt + 1 * ldc + 1 * V);
        c12.fma(al, FloatVector.fromArray(S, c, cAt + 1 * ldc + 2 * V)).intoArray(c, cAt + 1 * ldc + 2 * V);
        c20.fma(al, FloatVector.fromArray(S, c, cAt + 2 * ldc + 0 * V)).intoArray(c, cAt + 2 * ldc + 0 * V);
        c21.fma(al, FloatVector.fromArray(S, c, cAt + 2 * ldc + 1 * V)).intoArray(c, cAt + 2 * ldc + 1 * V);
        c22.fma(al, FloatVector.fromArray(S, c, cAt + 2 * ldc + 2 * V)).intoArray(c, cAt + 2 * ldc + 2 * V);
        c30.fma(al, FloatVector.fromArray(S, c, cAt + 3 * ldc + 0 * V)).intoArray(c, cAt + 3 * ldc + 0 * V);
        c31.fma(al, FloatVector.fromArray(S, c, cAt + 3 * ldc + 1 * V)).intoArray(c, cAt + 3 * ldc + 1 * V);
        c32.fma(al, FloatVector.fromArray(S, c, cAt + 3 * ldc + 2 * V)).intoArray(c, cAt + 3 * ldc + 2 * V);
        c40.fma(al, FloatVector.fromArray(S, c, cAt + 4 * ldc + 0 * V)).intoArray(c, cAt + 4 * ldc + 0 * V);
        c41.fma(al, FloatVector.fromArray(S, c, cAt + 4 * ldc + 1 * V)).intoArray(c, cAt + 4 * ldc + 1 * V);
        c42.fma(al, FloatVector.fromArray(S, c, cAt + 4 * ldc + 2 * V)).intoArray(c, cAt + 4 * ldc + 2 * V);
        c50.fma(al, FloatVector.fromArray(S, c, cAt + 5 * ldc + 0 * V)).intoArray(c, cAt + 5 * ldc + 0 * V);
        c51.fma(al, FloatVector.fromArray(S, c, cAt + 5 * ldc + 1 * V)).intoArray(c, cAt + 5 * ldc + 1 * V);
        c52.fma(al, FloatVector.fromArray(S, c, cAt + 5 * ldc + 2 * V)).intoArray(c, cAt + 5 * ldc + 2 * V);
        c60.fma(al, FloatVector.fromArray(S, c, cAt + 6 * ldc + 0 * V)).intoArray(c, cAt + 6 * ldc + 0 * V);
        c61.fma(al, FloatVector.fromArray(S, c, cAt + 6 * ldc + 1 * V)).intoArray(c, cAt + 6 * ldc + 1 * V);
        c62.fma(al, FloatVector.fromArray(S, c, cAt + 6 * ldc + 2 * V)).intoArray(c, cAt + 6 * ldc + 2 * V);
        c70.fma(al, FloatVector.fromArray(S, c, cAt + 7 * ldc + 0 * V)).intoArray(c, cAt + 7 * ldc + 0 * V);
        c71.fma(al, FloatVector.fromArray(S, c, cAt + 7 * ldc + 1 * V)).intoArray(c, cAt + 7 * ldc + 1 * V);
        c72.fma(al, FloatVector.fromArray(S, c, cAt + 7 * ldc + 2 * V)).intoArray(c, cAt + 7 * ldc + 2 * V);
    }

    /** {@link #micro8x3} for a panel whose last vector of columns is empty (N = 2V mod NR, as for 32-wide heads). */
    private static void micro8x2(float[] ap, int ai, float[] bp, int[] rows, int ri, int bi, int kc, float alpha,
                                 float[] c, int cAt, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z;
        FloatVector c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z;
        FloatVector c70 = z, c71 = z;
        // scalar: acc[r][j] += a[r][p] * b[p][j] for p < kc, r < 8, j < 2V
        for (int p = 0, a0 = ai; p < kc; p++, a0 += MR) {
            int bp0 = rows[ri + p] + bi;
            FloatVector b0 = FloatVector.fromArray(S, bp, bp0 + 0 * V);
            FloatVector b1 = FloatVector.fromArray(S, bp, bp0 + 1 * V);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[a0 + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[a0 + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[a0 + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[a0 + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[a0 + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[a0 + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[a0 + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[a0 + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        c00.fma(al, FloatVector.fromArray(S, c, cAt + 0 * ldc + 0 * V)).intoArray(c, cAt + 0 * ldc + 0 * V);
        c01.fma(al, FloatVector.fromArray(S, c, cAt + 0 * ldc + 1 * V)).intoArray(c, cAt + 0 * ldc + 1 * V);
        c10.fma(al, FloatVector.fromArray(S, c, cAt + 1 * ldc + 0 * V)).intoArray(c, cAt + 1 * ldc + 0 * V);
        c11.fma(al, FloatVector.fromArray(S, c, cAt + 1 * ldc + 1 * V)).intoArray(c, cAt + 1 * ldc + 1 * V);
        c20.fma(al, FloatVector.fromArray(S, c, cAt + 2 * ldc + 0 * V)).intoArray(c, cAt + 2 * ldc + 0 * V);
        c21.fma(al, FloatVector.fromArray(S, c, cAt + 2 * ldc + 1 * V)).intoArray(c, cAt + 2 * ldc + 1 * V);
        c30.fma(al, FloatVector.fromArray(S, c, cAt + 3 * ldc + 0 * V)).intoArray(c, cAt + 3 * ldc + 0 * V);
        c31.fma(al, FloatVector.fromArray(S, c, cAt + 3 * ldc + 1 * V)).intoArray(c, cAt + 3 * ldc + 1 * V);
        c40.fma(al, FloatVector.fromArray(S, c, cAt + 4 * ldc + 0 * V)).intoArray(c, cAt + 4 * ldc + 0 * V);
        c41.fma(al, FloatVector.fromArray(S, c, cAt + 4 * ldc + 1 * V)).intoArray(c, cAt + 4 * ldc + 1 * V);
        c50.fma(al, FloatVector.fromArray(S, c, cAt + 5 * ldc + 0 * V)).intoArray(c, cAt + 5 * ldc + 0 * V);
        c51.fma(al, FloatVector.fromArray(S, c, cAt + 5 * ldc + 1 * V)).intoArray(c, cAt + 5 * ldc + 1 * V);
        c60.fma(al, FloatVector.fromArray(S, c, cAt + 6 * ldc + 0 * V)).intoArray(c, cAt + 6 * ldc + 0 * V);
        c61.fma(al, FloatVector.fromArray(S, c, cAt + 6 * ldc + 1 * V)).intoArray(c, cAt + 6 * ldc + 1 * V);
        c70.fma(al, FloatVector.fromArray(S, c, cAt + 7 * ldc + 0 * V)).intoArray(c, cAt + 7 * ldc + 0 * V);
        c71.fma(al, FloatVector.fromArray(S, c, cAt + 7 * ldc + 1 * V)).intoArray(c, cAt + 7 * ldc + 1 * V);
    }

    /** {@link #micro8x3} with 4 rows, for 16-register machines (AVX2: 12 accumulators). */
    private static void micro4x3(float[] ap, int ai, float[] bp, int[] rows, int ri, int bi, int kc, float alpha,
                                 float[] c, int cAt, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z;
        // scalar: acc[r][j] += a[r][p] * b[p][j] for p < kc, r < 4, j < 3V
        for (int p = 0, a0 = ai; p < kc; p++, a0 += MR) {
            int bp0 = rows[ri + p] + bi;
            FloatVector b0 = FloatVector.fromArray(S, bp, bp0 + 0 * V);
            FloatVector b1 = FloatVector.fromArray(S, bp, bp0 + 1 * V);
            FloatVector b2 = FloatVector.fromArray(S, bp, bp0 + 2 * V);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[a0 + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, ap[a0 + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, ap[a0 + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, ap[a0 + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        c00.fma(al, FloatVector.fromArray(S, c, cAt + 0 * ldc + 0 * V)).intoArray(c, cAt + 0 * ldc + 0 * V);
        c01.fma(al, FloatVector.fromArray(S, c, cAt + 0 * ldc + 1 * V)).intoArray(c, cAt + 0 * ldc + 1 * V);
        c02.fma(al, FloatVector.fromArray(S, c, cAt + 0 * ldc + 2 * V)).intoArray(c, cAt + 0 * ldc + 2 * V);
        c10.fma(al, FloatVector.fromArray(S, c, cAt + 1 * ldc + 0 * V)).intoArray(c, cAt + 1 * ldc + 0 * V);
        c11.fma(al, FloatVector.fromArray(S, c, cAt + 1 * ldc + 1 * V)).intoArray(c, cAt + 1 * ldc + 1 * V);
        c12.fma(al, FloatVector.fromArray(S, c, cAt + 1 * ldc + 2 * V)).intoArray(c, cAt + 1 * ldc + 2 * V);
        c20.fma(al, FloatVector.fromArray(S, c, cAt + 2 * ldc + 0 * V)).intoArray(c, cAt + 2 * ldc + 0 * V);
        c21.fma(al, FloatVector.fromArray(S, c, cAt + 2 * ldc + 1 * V)).intoArray(c, cAt + 2 * ldc + 1 * V);
        c22.fma(al, FloatVector.fromArray(S, c, cAt + 2 * ldc + 2 * V)).intoArray(c, cAt + 2 * ldc + 2 * V);
        c30.fma(al, FloatVector.fromArray(S, c, cAt + 3 * ldc + 0 * V)).intoArray(c, cAt + 3 * ldc + 0 * V);
        c31.fma(al, FloatVector.fromArray(S, c, cAt + 3 * ldc + 1 * V)).intoArray(c, cAt + 3 * ldc + 1 * V);
        c32.fma(al, FloatVector.fromArray(S, c, cAt + 3 * ldc + 2 * V)).intoArray(c, cAt + 3 * ldc + 2 * V);
    }

    /** {@link #micro4x3} for a panel whose last vector of columns is empty. */
    private static void micro4x2(float[] ap, int ai, float[] bp, int[] rows, int ri, int bi, int kc, float alpha,
                                 float[] c, int cAt, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        // scalar: acc[r][j] += a[r][p] * b[p][j] for p < kc, r < 4, j < 2V
        for (int p = 0, a0 = ai; p < kc; p++, a0 += MR) {
            int bp0 = rows[ri + p] + bi;
            FloatVector b0 = FloatVector.fromArray(S, bp, bp0 + 0 * V);
            FloatVector b1 = FloatVector.fromArray(S, bp, bp0 + 1 * V);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[a0 + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[a0 + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[a0 + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[a0 + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        c00.fma(al, FloatVector.fromArray(S, c, cAt + 0 * ldc + 0 * V)).intoArray(c, cAt + 0 * ldc + 0 * V);
        c01.fma(al, FloatVector.fromArray(S, c, cAt + 0 * ldc + 1 * V)).intoArray(c, cAt + 0 * ldc + 1 * V);
        c10.fma(al, FloatVector.fromArray(S, c, cAt + 1 * ldc + 0 * V)).intoArray(c, cAt + 1 * ldc + 0 * V);
        c11.fma(al, FloatVector.fromArray(S, c, cAt + 1 * ldc + 1 * V)).intoArray(c, cAt + 1 * ldc + 1 * V);
        c20.fma(al, FloatVector.fromArray(S, c, cAt + 2 * ldc + 0 * V)).intoArray(c, cAt + 2 * ldc + 0 * V);
        c21.fma(al, FloatVector.fromArray(S, c, cAt + 2 * ldc + 1 * V)).intoArray(c, cAt + 2 * ldc + 1 * V);
        c30.fma(al, FloatVector.fromArray(S, c, cAt + 3 * ldc + 0 * V)).intoArray(c, cAt + 3 * ldc + 0 * V);
        c31.fma(al, FloatVector.fromArray(S, c, cAt + 3 * ldc + 1 * V)).intoArray(c, cAt + 3 * ldc + 1 * V);
    }

    /** {@link #micro8x2} for a panel with one vector of columns left (N mod NR at most V). */
    private static void micro8x1(float[] ap, int ai, float[] bp, int[] rows, int ri, int bi, int kc, float alpha,
                                 float[] c, int cAt, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c10 = z, c20 = z, c30 = z, c40 = z, c50 = z, c60 = z, c70 = z;
        // scalar: acc[r][j] += a[r][p] * b[p][j] for p < kc, r < 8, j < V
        for (int p = 0, a0 = ai; p < kc; p++, a0 += MR) {
            int bp0 = rows[ri + p] + bi;
            FloatVector b0 = FloatVector.fromArray(S, bp, bp0);
            c00 = FloatVector.broadcast(S, ap[a0 + 0]).fma(b0, c00);
            c10 = FloatVector.broadcast(S, ap[a0 + 1]).fma(b0, c10);
            c20 = FloatVector.broadcast(S, ap[a0 + 2]).fma(b0, c20);
            c30 = FloatVector.broadcast(S, ap[a0 + 3]).fma(b0, c30);
            c40 = FloatVector.broadcast(S, ap[a0 + 4]).fma(b0, c40);
            c50 = FloatVector.broadcast(S, ap[a0 + 5]).fma(b0, c50);
            c60 = FloatVector.broadcast(S, ap[a0 + 6]).fma(b0, c60);
            c70 = FloatVector.broadcast(S, ap[a0 + 7]).fma(b0, c70);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        c00.fma(al, FloatVector.fromArray(S, c, cAt + 0 * ldc)).intoArray(c, cAt + 0 * ldc);
        c10.fma(al, FloatVector.fromArray(S, c, cAt + 1 * ldc)).intoArray(c, cAt + 1 * ldc);
        c20.fma(al, FloatVector.fromArray(S, c, cAt + 2 * ldc)).intoArray(c, cAt + 2 * ldc);
        c30.fma(al, FloatVector.fromArray(S, c, cAt + 3 * ldc)).intoArray(c, cAt + 3 * ldc);
        c40.fma(al, FloatVector.fromArray(S, c, cAt + 4 * ldc)).intoArray(c, cAt + 4 * ldc);
        c50.fma(al, FloatVector.fromArray(S, c, cAt + 5 * ldc)).intoArray(c, cAt + 5 * ldc);
        c60.fma(al, FloatVector.fromArray(S, c, cAt + 6 * ldc)).intoArray(c, cAt + 6 * ldc);
        c70.fma(al, FloatVector.fromArray(S, c, cAt + 7 * ldc)).intoArray(c, cAt + 7 * ldc);
    }

    /** {@link #micro4x2} for a panel with one vector of columns left (N mod NR at most V). */
    private static void micro4x1(float[] ap, int ai, float[] bp, int[] rows, int ri, int bi, int kc, float alpha,
                                 float[] c, int cAt, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c10 = z, c20 = z, c30 = z;
        // scalar: acc[r][j] += a[r][p] * b[p][j] for p < kc, r < 4, j < V
        for (int p = 0, a0 = ai; p < kc; p++, a0 += MR) {
            int bp0 = rows[ri + p] + bi;
            FloatVector b0 = FloatVector.fromArray(S, bp, bp0);
            c00 = FloatVector.broadcast(S, ap[a0 + 0]).fma(b0, c00);
            c10 = FloatVector.broadcast(S, ap[a0 + 1]).fma(b0, c10);
            c20 = FloatVector.broadcast(S, ap[a0 + 2]).fma(b0, c20);
            c30 = FloatVector.broadcast(S, ap[a0 + 3]).fma(b0, c30);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        c00.fma(al, FloatVector.fromArray(S, c, cAt + 0 * ldc)).intoArray(c, cAt + 0 * ldc);
        c10.fma(al, FloatVector.fromArray(S, c, cAt + 1 * ldc)).intoArray(c, cAt + 1 * ldc);
        c20.fma(al, FloatVector.fromArray(S, c, cAt + 2 * ldc)).intoArray(c, cAt + 2 * ldc);
        c30.fma(al, FloatVector.fromArray(S, c, cAt + 3 * ldc)).intoArray(c, cAt + 3 * ldc);
    }
}
