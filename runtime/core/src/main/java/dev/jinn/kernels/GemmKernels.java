package dev.jinn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix product {@code C += alpha * A * B} in the Goto/BLIS layout: B is packed
 * once into column panels of {@link #NR} (for a weight, when the op is built), A is read in place
 * with any strides (transposed or not), and a register-blocked micro-kernel of MR x NR accumulators
 * runs FMAs over one K block at a time.
 *
 * <p>Output tiles of {@link #MC} x {@link #NC} are independent, so callers hand tile ranges to
 * threads. Each element is summed over K in the same order whatever the tiling or thread count,
 * so results are bitwise identical for any number of threads.
 */
public final class GemmKernels {
    private GemmKernels() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Rows of the micro-tile: 6 x 2 vector accumulators plus 2 B vectors and a broadcast fit 16 registers. */
    public static final int MR = 6;
    /** Columns of the micro-tile (two vectors). */
    public static final int NR = 2 * V;
    /** K block: an A panel (KC x MR) and a B panel (KC x NR) stay in L1 while the micro-kernel runs. */
    public static final int KC = 256;
    /** Rows per output tile: the packed A block (MC x KC) stays in L2. */
    public static final int MC = 16 * MR;
    /** Columns per output tile. */
    public static final int NC = 8 * NR;

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
        return ceilDiv(m, MC) * ceilDiv(n, NC);
    }

    /** Whether {@link #gemmScalar} should run instead of packing (tiny products). */
    public static boolean isSmall(int m, int n, int k) {
        return (long) m * n * k < SMALL;
    }

    /**
     * Tiles [from, to) of {@code C += alpha * A * B}: A(i, p) = {@code a[aOff + i * rsA + p * csA]},
     * C(i, j) = {@code c[cOff + i * ldc + j]}, for M = {@code m} rows and B's K and N.
     */
    public static void gemm(int m, float alpha, float[] a, int aOff, int rsA, int csA, PackedB b,
                            float[] c, int cOff, int ldc, int from, int to) {
        int n = b.n(), k = b.k();
        if (k == 0) return;
        int nPad = b.nPad();
        int nTilesM = ceilDiv(m, MC);
        float[] edge = new float[MR * NR];
        for (int t = from; t < to; t++) {
            // Row tiles vary fastest: consecutive tiles reuse one column block of B from cache, and
            // threads given contiguous tile ranges split B (the weight) between them rather than A.
            int ic = (t % nTilesM) * MC;
            int jc = (t / nTilesM) * NC;
            int mc = Math.min(MC, m - ic);
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                for (int jr = 0; jr < nc; jr += NR) {
                    int bOff = pc * nPad + ((jc + jr) / NR) * kc * NR;
                    int cols = Math.min(NR, nc - jr);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int rows = Math.min(MR, mc - ir);
                        int ai = aOff + (ic + ir) * rsA + pc * csA;
                        int cAt = cOff + (ic + ir) * ldc + jc + jr;
                        if (rows == MR && cols == NR) {
                            micro(a, ai, rsA, csA, b.data(), bOff, kc, alpha, c, cAt, ldc);
                            continue;
                        }
                        // Edge tiles: each element still sums over p in the same order, so its value
                        // does not depend on which kernel computed it.
                        java.util.Arrays.fill(edge, 0f);
                        if (rows == MR) micro(a, ai, rsA, csA, b.data(), bOff, kc, 1f, edge, 0, NR);
                        else for (int r = 0; r < rows; r++) microRow(a, ai + r * rsA, csA, b.data(), bOff, kc, edge, r * NR);
                        for (int r = 0; r < rows; r++) {
                            for (int j = 0; j < cols; j++) {
                                int ci = cAt + r * ldc + j;
                                c[ci] = Math.fma(alpha, edge[r * NR + j], c[ci]);
                            }
                        }
                    }
                }
            }
        }
    }

    /** One row of A against a B panel: {@code out[at..at+NR) = sum_p a[ai + p * cs] * b[p][..]}. */
    private static void microRow(float[] a, int ai, int cs, float[] bp, int bi, int kc, float[] out, int at) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        // scalar: acc[j] += a[p] * b[p][j] for p < kc
        for (int p = 0; p < kc; p++, ai += cs, bi += NR) {
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c0 = x.fma(FloatVector.fromArray(S, bp, bi), c0);
            c1 = x.fma(FloatVector.fromArray(S, bp, bi + V), c1);
        }
        c0.intoArray(out, at);
        c1.intoArray(out, at + V);
    }

    /**
     * One MR x NR tile over kc: {@code c += alpha * (A rows x B panel)}, A(r, p) at
     * {@code ap[ai + r * rs + p * cs]}, B packed.
     */
    private static void micro(float[] ap, int ai, int rs, int cs, float[] bp, int bi, int kc, float alpha,
                              float[] c, int cAt, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        int a0 = ai, a1 = ai + rs, a2 = ai + 2 * rs, a3 = ai + 3 * rs, a4 = ai + 4 * rs, a5 = ai + 5 * rs;
        // scalar: acc[r][j] += a[r][p] * b[p][j] for p < kc
        for (int p = 0; p < kc; p++, a0 += cs, a1 += cs, a2 += cs, a3 += cs, a4 += cs, a5 += cs, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + V);
            FloatVector x = FloatVector.broadcast(S, ap[a0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[a1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[a2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[a3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[a4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[a5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        store(c00, c01, al, c, cAt);
        store(c10, c11, al, c, cAt + ldc);
        store(c20, c21, al, c, cAt + 2 * ldc);
        store(c30, c31, al, c, cAt + 3 * ldc);
        store(c40, c41, al, c, cAt + 4 * ldc);
        store(c50, c51, al, c, cAt + 5 * ldc);
    }

    private static void store(FloatVector v0, FloatVector v1, FloatVector alpha, float[] c, int at) {
        v0.fma(alpha, FloatVector.fromArray(S, c, at)).intoArray(c, at);
        v1.fma(alpha, FloatVector.fromArray(S, c, at + V)).intoArray(c, at + V);
    }

    /**
     * The plain version of {@link #gemm} over rows [from, to), with B(p, j) = {@code b[bOff + p * rsB + j * csB]}:
     * each element summed over K in order with fused multiply-adds. Runs the tiny products.
     */
    public static void gemmScalar(int n, int k, float alpha, float[] a, int aOff, int rsA, int csA,
                                  float[] b, int bOff, int rsB, int csB, float[] c, int cOff, int ldc, int from, int to) {
        for (int i = from; i < to; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) acc = Math.fma(a[aOff + i * rsA + p * csA], b[bOff + p * rsB + j * csB], acc);
                int ci = cOff + i * ldc + j;
                c[ci] = Math.fma(alpha, acc, c[ci]);
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
