package dev.jinn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix product {@code C += alpha * A * B} in the Goto/BLIS layout: B is packed
 * once into column panels of {@link #NR} (for a weight, when the op is built), A is read in place
 * (a transposed A is first copied block by block), and a register-blocked micro-kernel of MR x NR
 * accumulators runs FMAs over one K block at a time.
 *
 * <p>Output tiles of at most {@link #MC} x {@link #NC} are independent, so callers hand tile ranges to
 * threads. Each element is summed over K in the same order whatever the tiling or thread count,
 * so results are bitwise identical for any number of threads.
 */
public final class GemmKernels {
    private GemmKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /**
     * Rows of the micro-tile: 8 x 3 vector accumulators plus 3 B vectors and a broadcast fit the 32
     * registers of AVX-512; with 16 registers (AVX2, NEON-sized vectors) 4 x 3 do.
     */
    public static final int MR = V >= 16 ? 8 : 4;
    /** Columns of the micro-tile (three vectors). */
    public static final int NR = 3 * V;
    /** K block: an A panel (KC x MR) and a B panel (KC x NR) stay in L1 while the micro-kernel runs. */
    public static final int KC = 256;
    /** Rows per output tile: the packed A block (MC x KC) stays in L2. */
    public static final int MC = 96;
    /** Columns per output tile. */
    public static final int NC = 6 * NR;

    /** Below this many multiply-adds, packing costs more than it saves and the scalar loop runs. */
    private static final long SMALL = 4096;

    /** B (K x N) in panels: block of K rows {@code pc}, panel {@code j} starts at {@code pc * nPad + j * kc * NR}. */
    public record PackedB(float[] data, int k, int n) {
        int nPad() {
            return (n + NR - 1) / NR * NR;
        }
    }

    /**
     * Packs B(p, j) = {@code b[off + p * rs + j * cs]} for p < k, j < n; rs = n, cs = 1 for a row-major
     * K x N matrix, rs = 1, cs = k for its transpose stored N x K.
     */
    public static PackedB packB(float[] b, int off, int rs, int cs, int k, int n) {
        int nPanels = (n + NR - 1) / NR;
        float[] dst = new float[Math.multiplyExact(Math.max(k, 1), nPanels * NR)];
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int jp = 0; jp < nPanels; jp++) {
                int base = pc * nPanels * NR + jp * kc * NR;
                int j0 = jp * NR;
                int cols = Math.min(NR, n - j0);
                for (int p = 0; p < kc; p++) {
                    int src = off + (pc + p) * rs + j0 * cs;
                    int d = base + p * NR;
                    if (cs == 1) {
                        System.arraycopy(b, src, dst, d, cols);
                    } else {
                        for (int j = 0; j < cols; j++) dst[d + j] = b[src + j * cs];
                    }
                }
            }
        }
        return new PackedB(dst, k, n);
    }

    /** Number of independent output tiles of an M x N product, for splitting across threads. */
    public static int tiles(int m, int n) {
        return tilesAlong(m, MR, MC) * tilesAlong(n, NR, NC);
    }

    /*
     * Tiles hold at most MC x NC, and are as even as whole MR x NR micro-tiles allow: tile t of T over
     * P micro-tiles starts at micro-tile t * P / T. Threads take equal shares of tiles, and a product
     * like M = 128 tokens by N = 384 cut at MC and NC would give one thread three times the work of
     * the other (96 + 32 rows, 288 + 96 columns).
     */
    private static int tilesAlong(int extent, int micro, int max) {
        return ceilDiv(ceilDiv(extent, micro), max / micro);
    }

    /** Where tile {@code t} of {@link #tilesAlong} starts; tile t + 1's start is its end. */
    private static int tileStart(int t, int extent, int micro, int max) {
        int tiles = tilesAlong(extent, micro, max);
        return t >= tiles ? extent : (int) ((long) t * ceilDiv(extent, micro) / tiles) * micro;
    }

    private static void clearTile(int t, int m, int n, float[] c, int cOff, int ldc, float[] rowBias) {
        int nTilesM = tilesAlong(m, MR, MC);
        int ic = tileStart(t % nTilesM, m, MR, MC), ie = tileStart(t % nTilesM + 1, m, MR, MC);
        int jc = tileStart(t / nTilesM, n, NR, NC), je = tileStart(t / nTilesM + 1, n, NR, NC);
        for (int i = ic; i < ie; i++) {
            if (rowBias == null) java.util.Arrays.fill(c, cOff + i * ldc + jc, cOff + i * ldc + je, 0f);
            else System.arraycopy(rowBias, jc, c, cOff + i * ldc + jc, je - jc);
        }
    }

    /** Whether {@link #gemmScalar} should run instead of packing (tiny products). */
    public static boolean isSmall(int m, int n, int k) {
        return (long) m * n * k < SMALL;
    }

    /**
     * A (M x K) in panels of {@link #MR} rows interleaved along K, block of K columns {@code pc} at
     * {@code pc * mPad}: row r of panel {@code ir / MR}, column p at {@code pc * mPad + ir * kc + p * MR + r}.
     * The micro-kernel then reads the MR values of one p from one place, so its loop holds one index
     * for A instead of MR row pointers (those spilled registers inside the loop). Rows past M are
     * zero, so every micro-tile reads full panels.
     */
    public record PackedA(float[] data, int m, int k) {
        int mPad() {
            return ceilDiv(m, MR) * MR;
        }
    }

    /** Floats that {@link #packA} needs for an M x K operand. */
    public static int packedASize(int m, int k) {
        return Math.multiplyExact(ceilDiv(m, MR) * MR, Math.max(k, 1));
    }

    /**
     * Packs A(i, p) = {@code a[aOff + i * rsA + p * csA]} for i < m, p < k into {@code dst} (at least
     * {@link #packedASize} floats; reused scratch, so the padding rows are written too).
     */
    public static PackedA packA(float[] a, int aOff, int rsA, int csA, int m, int k, float[] dst) {
        packA(a, aOff, rsA, csA, m, k, dst, 0, panels(m));
        return new PackedA(dst, m, k);
    }

    /** Panels of MR rows in an M-row A, the unit that {@link #packA(float[], int, int, int, int, int, float[], int, int)} splits. */
    public static int panels(int m) {
        return ceilDiv(m, MR);
    }

    /** Packs row panels [from, to) of A into {@code dst}, laid out as {@link PackedA} of all M rows. */
    public static void packA(float[] a, int aOff, int rsA, int csA, int m, int k, float[] dst, int from, int to) {
        int mPad = ceilDiv(m, MR) * MR;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int ir = from * MR; ir < to * MR; ir += MR) {
                int base = pc * mPad + ir * kc;
                int src = aOff + ir * rsA + pc * csA;
                int p = 0;
                if (TRANSPOSE16 && csA == 1 && ir + MR <= m) {
                    for (; p + 16 <= kc; p += 16) transpose8x16(a, src + p, rsA, dst, base + p * 8);
                }
                for (; p < kc; p++) {
                    for (int r = 0; r < MR; r++) dst[base + p * MR + r] = ir + r < m ? a[src + r * rsA + p * csA] : 0f;
                }
            }
        }
    }

    /** Whether {@link #transpose8x16} applies: 16-float vectors and 8-row panels (AVX-512). */
    private static final boolean TRANSPOSE16 = V == 16 && MR == 8;
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
     * Tiles [from, to) of {@code C = alpha * A * B}, plus C's old values when {@code add}, else plus
     * {@code rowBias[j]} on every row (N values; null for none): each micro-tile starts from C, the
     * bias or zero. C(i, j) = {@code c[cOff + i * ldc + j]}; without {@code add} its old values are
     * never read.
     */
    public static void gemm(float alpha, PackedA a, PackedB b, float[] c, int cOff, int ldc, int from, int to,
                            boolean add, float[] rowBias) {
        int m = a.m(), n = b.n(), k = b.k();
        if (k == 0) {
            if (!add) for (int t = from; t < to; t++) clearTile(t, m, n, c, cOff, ldc, rowBias);
            return;
        }
        int nPad = b.nPad(), mPad = a.mPad();
        int nTilesM = tilesAlong(m, MR, MC);
        float[] ap = a.data(), bp = b.data();
        float[] edge = new float[MR * NR];
        for (int t = from; t < to; t++) {
            // Row tiles vary fastest: consecutive tiles reuse one column block of B from cache, and
            // threads given contiguous tile ranges split B (the weight) between them rather than A.
            int ic = tileStart(t % nTilesM, m, MR, MC);
            int jc = tileStart(t / nTilesM, n, NR, NC);
            int mc = tileStart(t % nTilesM + 1, m, MR, MC) - ic;
            int nc = tileStart(t / nTilesM + 1, n, NR, NC) - jc;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean addHere = add || pc > 0;
                // Each B panel is used by every row panel of the tile while it is in L1: a weight
                // streamed from memory is then read once per MC rows, spread over their compute.
                for (int jr = 0; jr < nc; jr += NR) {
                    int bOff = pc * nPad + ((jc + jr) / NR) * kc * NR;
                    int cols = Math.min(NR, nc - jr);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int rows = Math.min(MR, mc - ir);
                        int ai = pc * mPad + (ic + ir) * kc;
                        int cAt = cOff + (ic + ir) * ldc + jc + jr;
                        if (rows == MR && cols == NR) {
                            if (!addHere) start(c, cAt, ldc, 3, rowBias, jc + jr);
                            micro(ap, ai, bp, bOff, kc, alpha, c, cAt, ldc);
                            continue;
                        }
                        if (rows == MR && cols == 2 * V) {
                            if (!addHere) start(c, cAt, ldc, 2, rowBias, jc + jr);
                            micro2(ap, ai, bp, bOff, kc, alpha, c, cAt, ldc);
                            continue;
                        }
                        // Edge tiles (missing rows are zero in the panel): each element still sums
                        // over p in the same order, so its value does not depend on the kernel.
                        java.util.Arrays.fill(edge, 0f);
                        micro(ap, ai, bp, bOff, kc, 1f, edge, 0, NR);
                        for (int r = 0; r < rows; r++) {
                            for (int j = 0; j < cols; j++) {
                                int ci = cAt + r * ldc + j;
                                float base = addHere ? c[ci] : rowBias == null ? 0f : rowBias[jc + jr + j];
                                c[ci] = Math.fma(alpha, edge[r * NR + j], base);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * One 8 x NR tile over kc (AVX-512: 24 accumulators, 3 B vectors and a broadcast in 32
     * registers): {@code c += alpha * (A rows x B panel)}, A(r, p) at {@code ap[ai + r * rs + p]}
     * (rows contiguous), B packed. Every index is the loop counter times a constant plus an
     * invariant, so the JIT hoists the array bounds checks out of the loop.
     */
    private static void micro8x3(float[] ap, int ai, float[] bp, int bi, int kc, float alpha,
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
        for (int p = 0, bp0 = bi, a0 = ai; p < kc; p++, bp0 += NR, a0 += MR) {
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
    private static void micro8x2(float[] ap, int ai, float[] bp, int bi, int kc, float alpha,
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
        for (int p = 0, bp0 = bi, a0 = ai; p < kc; p++, bp0 += NR, a0 += MR) {
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
    private static void micro4x3(float[] ap, int ai, float[] bp, int bi, int kc, float alpha,
                                 float[] c, int cAt, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z;
        // scalar: acc[r][j] += a[r][p] * b[p][j] for p < kc, r < 4, j < 3V
        for (int p = 0, bp0 = bi, a0 = ai; p < kc; p++, bp0 += NR, a0 += MR) {
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
    private static void micro4x2(float[] ap, int ai, float[] bp, int bi, int kc, float alpha,
                                 float[] c, int cAt, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        // scalar: acc[r][j] += a[r][p] * b[p][j] for p < kc, r < 4, j < 2V
        for (int p = 0, bp0 = bi, a0 = ai; p < kc; p++, bp0 += NR, a0 += MR) {
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

    private static void micro(float[] ap, int ai, float[] bp, int bi, int kc, float alpha, float[] c, int cAt, int ldc) {
        if (MR == 8) micro8x3(ap, ai, bp, bi, kc, alpha, c, cAt, ldc);
        else micro4x3(ap, ai, bp, bi, kc, alpha, c, cAt, ldc);
    }

    private static void micro2(float[] ap, int ai, float[] bp, int bi, int kc, float alpha, float[] c, int cAt, int ldc) {
        if (MR == 8) micro8x2(ap, ai, bp, bi, kc, alpha, c, cAt, ldc);
        else micro4x2(ap, ai, bp, bi, kc, alpha, c, cAt, ldc);
    }

    /**
     * Sets an MR x (vectors * V) block of C to zero, or to the bias of its columns (from column j),
     * just before its first micro-kernel adds to it: the lines are then in L1 for the kernel, where
     * preparing the whole output first was one more pass over it.
     */
    private static void start(float[] c, int cAt, int ldc, int vectors, float[] rowBias, int j) {
        for (int v = 0; v < vectors; v++) {
            FloatVector z = rowBias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, rowBias, j + v * V);
            for (int r = 0; r < MR; r++) z.intoArray(c, cAt + r * ldc + v * V);
        }
    }

    /**
     * The plain version of {@link #gemm} over rows [from, to), with B(p, j) = {@code b[bOff + p * rsB + j * csB]}:
     * each element summed over K in order with fused multiply-adds. Runs the tiny products.
     */
    public static void gemmScalar(int n, int k, float alpha, float[] a, int aOff, int rsA, int csA,
                                  float[] b, int bOff, int rsB, int csB, float[] c, int cOff, int ldc, int from, int to,
                                  boolean add, float[] rowBias) {
        for (int i = from; i < to; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) acc = Math.fma(a[aOff + i * rsA + p * csA], b[bOff + p * rsB + j * csB], acc);
                int ci = cOff + i * ldc + j;
                c[ci] = Math.fma(alpha, acc, add ? c[ci] : rowBias == null ? 0f : rowBias[j]);
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
