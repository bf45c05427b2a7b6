package dev.jinn.kernels.gemm;

/**
 * What both GEMM twins share: the panel layouts, the tiling and the loop over tiles, K blocks and
 * micro-tiles. A twin supplies the micro-tile size and the micro-kernel (and may pack A faster).
 *
 * <p>B is packed in panels of {@code nr} columns: block of K rows {@code pc}, panel {@code j} at
 * {@code pc * nPad + j * kc * nr}. A is packed in panels of {@code mr} rows interleaved along K,
 * block of K columns {@code pc} at {@code pc * mPad}: row r of panel {@code ir / mr}, column p at
 * {@code pc * mPad + ir * kc + p * mr + r}. The micro-kernel then reads the mr values of one p from
 * one place, so its loop holds one index for A instead of mr row pointers (those spilled registers
 * inside the loop). Rows past M are zero, so every micro-tile reads full panels.
 */
abstract class PackedGemm implements GemmKernel {
    /** K block: an A panel (KC x mr) and a B panel (KC x nr) stay in L1 while the micro-kernel runs. */
    static final int KC = 256;

    /** Rows and columns of the micro-tile. */
    final int mr, nr;
    /** Rows per output tile (the packed A block, mc x KC, stays in L2) and columns per output tile. */
    final int mc, nc;
    /** Per-thread B block of KC x nc for {@link #gemmPackingB}, reused by every product that thread runs. */
    private final ThreadLocal<float[]> bBlock;

    PackedGemm(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
        this.mc = 96 / mr * mr;
        this.nc = 6 * nr;
        int block = KC * nc;
        this.bBlock = ThreadLocal.withInitial(() -> new float[block]);
        this.steps = new int[KC];
        for (int p = 0; p < KC; p++) steps[p] = p * nr;
    }

    /** Row offsets of a packed B panel: row p at {@code p * nr}. */
    private final int[] steps;

    /**
     * {@code c += alpha * (A panel x B panel)} for one full mr-row micro-tile of {@code cols}
     * columns (a {@link #width}), A packed at {@code ai}, row p of B at {@code bp[rows[ri + p] + bi]}
     * (a packed panel's rows are {@code nr} apart: {@link #steps}), C from {@code cAt} with rows
     * {@code ldc} apart. Rows by table let one kernel also read B where it lies, row by row, in an
     * image ({@link #gemmIndirectB}).
     */
    abstract void micro(float[] ap, int ai, float[] bp, int[] rows, int ri, int bi, int kc, float alpha, float[] c,
                        int cAt, int ldc, int cols);

    /**
     * The narrowest width, at least {@code cols} and at most {@code nr}, that {@link #micro} takes
     * ({@code nr} always is one). Tiles of other widths run that kernel into a scratch tile.
     */
    abstract int width(int cols);

    /**
     * Packs what it can of one full panel of mr rows (A(r, p) = {@code a[src + r * rsA + p]}, rows
     * contiguous along K) into {@code dst} from {@code d}, for p from 0; returns the first p it left
     * for the plain loop.
     */
    int packRowsFast(float[] a, int src, int rsA, float[] dst, int d, int kc) {
        return 0;
    }

    @Override
    public int slack() {
        return nr;
    }

    @Override
    public int panelRows() {
        return mr;
    }

    @Override
    public PackedB packB(float[] b, int off, int rs, int cs, int k, int n) {
        int nPanels = (n + nr - 1) / nr;
        float[] dst = new float[Math.multiplyExact(Math.max(k, 1), nPanels * nr)];
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int jp = 0; jp < nPanels; jp++) {
                int base = pc * nPanels * nr + jp * kc * nr;
                int j0 = jp * nr;
                int cols = Math.min(nr, n - j0);
                for (int p = 0; p < kc; p++) {
                    int src = off + (pc + p) * rs + j0 * cs;
                    int d = base + p * nr;
                    if (cs == 1) {
                        System.arraycopy(b, src, dst, d, cols);
                    } else {
                        for (int j = 0; j < cols; j++) dst[d + j] = b[src + j * cs];
                    }
                }
            }
        }
        return new PackedB(dst, k, n, nr);
    }

    @Override
    public int packedASize(int m, int k) {
        return Math.multiplyExact(panels(m) * mr, Math.max(k, 1));
    }

    @Override
    public int panels(int m) {
        return ceilDiv(m, mr);
    }

    @Override
    public void packA(float[] a, int aOff, int rsA, int csA, int m, int k, float[] dst, int from, int to) {
        int mPad = panels(m) * mr;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            for (int ir = from * mr; ir < to * mr; ir += mr) {
                int base = pc * mPad + ir * kc;
                int src = aOff + ir * rsA + pc * csA;
                int p = csA == 1 && ir + mr <= m ? packRowsFast(a, src, rsA, dst, base, kc) : 0;
                for (; p < kc; p++) {
                    for (int r = 0; r < mr; r++) dst[base + p * mr + r] = ir + r < m ? a[src + r * rsA + p * csA] : 0f;
                }
            }
        }
    }

    @Override
    public int tiles(int m, int n) {
        return tilesAlong(m, mr, mc) * tilesAlong(n, nr, nc);
    }

    @Override
    public long tileWork(int m, int n, int k) {
        return (long) Math.min(m, mc) * Math.min(n, nc) * Math.max(k, 1);
    }

    /*
     * Tiles hold at most mc x nc, and are as even as whole micro-tiles allow: tile t of T over P
     * micro-tiles starts at micro-tile t * P / T. Threads take equal shares of tiles, and a product
     * like M = 128 tokens by N = 384 cut at mc and nc would give one thread three times the work of
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

    @Override
    public void gemm(float alpha, PackedA a, PackedB b, float[] c, int cOff, int ldc, int from, int to, boolean add,
                     float[] rowBias) {
        if (a.mr() != mr || b.nr() != nr) throw new IllegalArgumentException("operands packed for another GEMM kernel");
        int m = a.m(), n = b.n(), k = b.k();
        int nTilesM = tilesAlong(m, mr, mc);
        if (k == 0) {
            if (add) return;
            for (int t = from; t < to; t++) {
                int ic = tileStart(t % nTilesM, m, mr, mc), ie = tileStart(t % nTilesM + 1, m, mr, mc);
                int jc = tileStart(t / nTilesM, n, nr, nc), je = tileStart(t / nTilesM + 1, n, nr, nc);
                for (int i = ic; i < ie; i++) startRow(c, cOff + i * ldc + jc, je - jc, rowBias, jc, null, i);
            }
            return;
        }
        int nPad = b.nPad(), mPad = a.mPad();
        float[] ap = a.data(), bp = b.data();
        float[] edge = new float[mr * nr];
        for (int t = from; t < to; t++) {
            // Row tiles vary fastest: consecutive tiles reuse one column block of B from cache, and
            // threads given contiguous tile ranges split B (the weight) between them rather than A.
            int ic = tileStart(t % nTilesM, m, mr, mc);
            int jc = tileStart(t / nTilesM, n, nr, nc);
            int mcT = tileStart(t % nTilesM + 1, m, mr, mc) - ic;
            int ncT = tileStart(t / nTilesM + 1, n, nr, nc) - jc;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean addHere = add || pc > 0;
                // Each B panel is used by every row panel of the tile while it is in L1: a weight
                // streamed from memory is then read once per mc rows, spread over their compute.
                for (int jr = 0; jr < ncT; jr += nr) {
                    int bOff = pc * nPad + ((jc + jr) / nr) * kc * nr;
                    int cols = Math.min(nr, ncT - jr);
                    for (int ir = 0; ir < mcT; ir += mr) {
                        int rows = Math.min(mr, mcT - ir);
                        int ai = pc * mPad + (ic + ir) * kc;
                        int cAt = cOff + (ic + ir) * ldc + jc + jr;
                        microTile(ap, ai, bp, steps, 0, bOff, kc, alpha, c, cAt, ldc, rows, cols, !addHere, rowBias,
                                jc + jr, null, 0, edge);
                    }
                }
            }
        }
    }

    /** At most this many rows share a B block: a packed A block of 512 x KC (512 KB) and the B block fit L2. */
    private static final int MAX_ROWS_B = 512;

    @Override
    public int packingBRows(int m, int n, int threads) {
        // On several threads, about four tiles each: with fewer, one thread's extra tile is a large
        // share of the product (3 column blocks on 2 threads wait for the third).
        int wanted = threads <= 1 ? 1 : 4 * threads;
        int perColumnBlock = ceilDiv(wanted, Math.max(1, ceilDiv(n, nc)));
        return Math.max(mr, Math.min(MAX_ROWS_B, ceilDiv(ceilDiv(m, perColumnBlock), mr) * mr));
    }

    @Override
    public int packingBTiles(int m, int n, int rows) {
        return ceilDiv(m, rows) * ceilDiv(n, nc);
    }

    @Override
    public long packingBTileWork(int rows, int n, int k) {
        return (long) rows * Math.min(n, nc) * Math.max(k, 1);
    }

    @Override
    public void gemmPackingB(PackedA a, int n, BPacker b, float[] c, int cOff, int ldc, float[] rowStart,
                             Epilogue epilogue, int rows, int from, int to) {
        streamTiles(a, n, b, null, null, c, cOff, ldc, rowStart, epilogue, rows, from, to);
    }

    @Override
    public void gemmIndirectB(PackedA a, int n, float[] b, int[] rowOff, float[] c, int cOff, int ldc, float[] rowStart,
                              Epilogue epilogue, int rows, int from, int to) {
        streamTiles(a, n, null, b, rowOff, c, cOff, ldc, rowStart, epilogue, rows, from, to);
    }

    /**
     * The tiles of {@link #gemmPackingB} (B from {@code packer}, a block at a time, into per-thread
     * scratch) or of {@link #gemmIndirectB} (B read where it lies, row p at {@code b[rowOff[p]]}).
     */
    private void streamTiles(PackedA a, int n, BPacker packer, float[] b, int[] rowOff, float[] c, int cOff, int ldc,
                             float[] rowStart, Epilogue epilogue, int rows, int from, int to) {
        if (a.mr() != mr || rows % mr != 0) throw new IllegalArgumentException("A packed for another GEMM kernel");
        int m = a.m(), k = a.k(), mPad = a.mPad(), mBlocks = ceilDiv(m, rows);
        float[] ap = a.data();
        float[] buf = packer == null ? b : bBlock.get();
        float[] edge = new float[mr * nr];
        for (int t = from; t < to; t++) {
            int i0 = (t % mBlocks) * rows, i1 = Math.min(m, i0 + rows);
            int jc = (t / mBlocks) * nc, ncT = Math.min(nc, n - jc);
            if (k == 0) for (int i = i0; i < i1; i++) startRow(c, cOff + i * ldc + jc, ncT, null, 0, rowStart, i);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                if (packer != null) packer.pack(pc, kc, jc, ncT, nr, buf);
                for (int jr = 0; jr < ncT; jr += nr) {
                    // Packed: panel jr / nr of the block, rows nr apart; in place: row pc + p, column jc + jr.
                    int[] bRows = packer != null ? steps : rowOff;
                    int ri = packer != null ? 0 : pc, bOff = packer != null ? (jr / nr) * kc * nr : jc + jr;
                    int cols = Math.min(nr, ncT - jr);
                    for (int ir = i0; ir < i1; ir += mr) {
                        int live = Math.min(mr, i1 - ir);
                        int ai = pc * mPad + ir * kc;
                        int cAt = cOff + ir * ldc + jc + jr;
                        microTile(ap, ai, buf, bRows, ri, bOff, kc, 1f, c, cAt, ldc, live, cols, pc == 0, null, 0,
                                rowStart, ir, edge);
                    }
                }
            }
            // The tile is finished while its lines are still in L2.
            if (epilogue != null) for (int i = i0; i < i1; i++) epilogue.apply(c, cOff + i * ldc + jc, ncT);
        }
    }

    /**
     * One micro-tile of {@code live} rows by {@code cols} columns at {@code cAt}: {@code C += alpha * A
     * panel x B panel}, C first set (where {@code start}) to {@code colStart} from column {@code col0}
     * on every row, else to {@code rowStart[row0 + r]} on row r, else to zero. Full tiles run the
     * micro-kernel in place; edge tiles (missing rows are zero in the panel) run it into
     * {@code edge}, and each element still sums over p in the same order, so its value does not
     * depend on the tile's shape.
     */
    private void microTile(float[] ap, int ai, float[] bp, int[] bRows, int ri, int bOff, int kc, float alpha, float[] c,
                           int cAt, int ldc, int live, int cols, boolean start, float[] colStart, int col0,
                           float[] rowStart, int row0, float[] edge) {
        if (live == mr && width(cols) == cols) {
            // Set just before the first micro-kernel adds to it: the lines are then in L1 for the
            // kernel, where preparing the whole output first was one more pass over it.
            if (start) for (int r = 0; r < mr; r++) startRow(c, cAt + r * ldc, cols, colStart, col0, rowStart, row0 + r);
            micro(ap, ai, bp, bRows, ri, bOff, kc, alpha, c, cAt, ldc, cols);
            return;
        }
        java.util.Arrays.fill(edge, 0f);
        micro(ap, ai, bp, bRows, ri, bOff, kc, 1f, edge, 0, nr, width(cols));
        for (int r = 0; r < live; r++) {
            for (int j = 0; j < cols; j++) {
                int ci = cAt + r * ldc + j;
                float base = !start ? c[ci] : colStart != null ? colStart[col0 + j] : rowStart != null ? rowStart[row0 + r] : 0f;
                c[ci] = Math.fma(alpha, edge[r * nr + j], base);
            }
        }
    }

    /** {@code c[at..at + len)} = {@code colStart} from column {@code col0}, else {@code rowStart[row]}, else zero. */
    private static void startRow(float[] c, int at, int len, float[] colStart, int col0, float[] rowStart, int row) {
        if (colStart != null) System.arraycopy(colStart, col0, c, at, len);
        else java.util.Arrays.fill(c, at, at + len, rowStart == null ? 0f : rowStart[row]);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
