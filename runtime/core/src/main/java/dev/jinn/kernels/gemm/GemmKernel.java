package dev.jinn.kernels.gemm;

/**
 * Single-precision matrix product {@code C = alpha * A * B (+ C or + a row bias)} in the Goto/BLIS
 * layout: B is packed once into column panels (for a weight, when the op is built), A is packed
 * per call into row panels, and a register-blocked micro-kernel runs over one K block at a time.
 *
 * <p>Output tiles are independent, so callers hand tile ranges to threads. Each element is summed
 * over K in order with fused multiply-adds, whatever the tiling, thread count or implementation,
 * so results are bitwise identical for any number of threads, and between the twins
 * {@link ScalarGemmKernel} and {@link VectorGemmKernel}. {@link dev.jinn.kernels.Kernels} picks one
 * once per JVM; a packed operand belongs to the kernel that packed it.
 */
public interface GemmKernel {
    String name();

    /** B (K x N) in column panels, as {@link #packB} lays it out. */
    record PackedB(float[] data, int k, int n, int nr) {
        int nPad() {
            return (n + nr - 1) / nr * nr;
        }
    }

    /** A (M x K) in row panels, as {@link #packA} lays it out. */
    record PackedA(float[] data, int m, int k, int mr) {
        int mPad() {
            return (m + mr - 1) / mr * mr;
        }
    }

    /**
     * Packs B(p, j) = {@code b[off + p * rs + j * cs]} for p < k, j < n; rs = n, cs = 1 for a row-major
     * K x N matrix, rs = 1, cs = k for its transpose stored N x K.
     */
    PackedB packB(float[] b, int off, int rs, int cs, int k, int n);

    /** Floats that {@link #packA} needs for an M x K operand. */
    int packedASize(int m, int k);

    /** Row panels in an M-row A: the unit that {@link #packA} splits across threads. */
    int panels(int m);

    /** Rows per panel. */
    int panelRows();

    /**
     * Packs row panels [from, to) of A(i, p) = {@code a[aOff + i * rsA + p * csA]} (i < m, p < k) into
     * {@code dst} (at least {@link #packedASize} floats; reused scratch, so the padding rows are
     * written too).
     */
    void packA(float[] a, int aOff, int rsA, int csA, int m, int k, float[] dst, int from, int to);

    /** Packs all of A; see {@link #packA(float[], int, int, int, int, int, float[], int, int)}. */
    default PackedA packA(float[] a, int aOff, int rsA, int csA, int m, int k, float[] dst) {
        packA(a, aOff, rsA, csA, m, k, dst, 0, panels(m));
        return new PackedA(dst, m, k, panelRows());
    }

    /** Number of independent output tiles of an M x N product, for splitting across threads. */
    int tiles(int m, int n);

    /** Multiply-adds in one output tile of an M x N x K product, for the thread split's cost. */
    long tileWork(int m, int n, int k);

    /**
     * Tiles [from, to) of {@code C = alpha * A * B}, plus C's old values when {@code add}, else plus
     * {@code rowBias[j]} on every row (N values; null for none). C(i, j) = {@code c[cOff + i * ldc + j]};
     * without {@code add} its old values are never read.
     */
    void gemm(float alpha, PackedA a, PackedB b, float[] c, int cOff, int ldc, int from, int to, boolean add,
              float[] rowBias);

    /**
     * Packs rows [p0, p0 + kc) by columns [j0, j0 + nc) of a B that is never stored whole (a
     * convolution's unfolded image) into {@code dst} in the panel layout: column j's panel
     * {@code (j - j0) / nr} at {@code (j - j0) / nr * kc * nr}, row p of it at {@code + (p - p0) * nr},
     * columns past the last of the block zero.
     */
    @FunctionalInterface
    interface BPacker {
        void pack(int p0, int kc, int j0, int nc, int nr, float[] dst);
    }

    /** Applied to each finished row segment of C: {@code c[off..off + len)}, an activation in place. */
    @FunctionalInterface
    interface Epilogue {
        void apply(float[] c, int off, int len);
    }

    /**
     * Rows per tile of {@link #gemmPackingB} and {@link #gemmIndirectB} for an M x N product on
     * {@code threads} threads: as many as let a packed A block and a B block share L2, each B block
     * then packed once for them all, and fewer where that would leave threads fewer than about four
     * tiles each, so that no thread waits long for another's last tile.
     */
    int packingBRows(int m, int n, int threads);

    /** Independent output tiles of {@link #gemmPackingB} with tiles of {@code rows} rows. */
    int packingBTiles(int m, int n, int rows);

    /** Multiply-adds in one tile of {@link #gemmPackingB}. */
    long packingBTileWork(int rows, int n, int k);

    /**
     * Tiles [from, to) of {@code C = A * B + rowStart[i]} (rowStart null: 0) then {@code epilogue}
     * (null: none), tiles of {@code rows} rows ({@link #packingBRows}), where B (K x n) comes a
     * block at a time from {@code b}, packed into per-thread scratch that stays in L2, so B never
     * exists whole. Each element sums over K in the order {@link #gemm} does, so results have the
     * same bits for any tiling or thread count.
     */
    void gemmPackingB(PackedA a, int n, BPacker b, float[] c, int cOff, int ldc, float[] rowStart, Epilogue epilogue,
                      int rows, int from, int to);

    /** At most this many rows of A make a product skinny: {@link #gemmSkinny} streams an unpacked B instead. */
    int SKINNY_ROWS = 4;

    /**
     * Columns [jFrom, jTo) of every row of {@code C = alpha * A * B (+ C when add, else + rowBias)}
     * for a product of at most {@link #SKINNY_ROWS} rows whose B is not packed (a classifier's last
     * layer, a single token): B is read once, in place, where packing it would copy it for rows
     * that use it once. Arguments as {@link #gemmDirect}.
     */
    void gemmSkinny(int m, int k, float alpha, float[] a, int aOff, int rsA, int csA, float[] b, int bOff, int rsB,
                    int csB, float[] c, int cOff, int ldc, int jFrom, int jTo, boolean add, float[] rowBias);

    /**
     * {@link #gemmPackingB} for a B that is never packed: row p of B is {@code b[rowOff[p] ..
     * rowOff[p] + n)}, read where it lies, and {@code b} must hold {@link #slack} floats past each
     * row's end. A stride-1 convolution's B is such rows: each kernel tap's row is the padded image
     * shifted, so no im2col is built at all. Same tiles as gemmPackingB; the same bits.
     */
    void gemmIndirectB(PackedA a, int n, float[] b, int[] rowOff, float[] c, int cOff, int ldc, float[] rowStart,
                       Epilogue epilogue, int rows, int from, int to);

    /** Floats {@link #gemmIndirectB} may read past the end of a row of B (into lanes it discards). */
    int slack();

    /** Below this many multiply-adds, packing costs more than it saves and {@link #gemmDirect} runs. */
    static boolean isSmall(int m, int n, int k) {
        return (long) m * n * k < 4096;
    }

    /**
     * The direct product over rows [from, to), with B(p, j) = {@code b[bOff + p * rsB + j * csB]}: each
     * element summed over K in order with fused multiply-adds, as the packed kernels do. Runs the
     * tiny products, and is the reference the packed kernels are tested against.
     */
    static void gemmDirect(int n, int k, float alpha, float[] a, int aOff, int rsA, int csA,
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
}
