package dev.jinn.ops.linalg;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.gemm.GemmKernel;

/**
 * Runs one float32 product {@code C += alpha * A * B} on the session's threads: the scalar loop for
 * tiny products, else the packed kernel over output tiles. Shared by MatMul, Gemm and Conv.
 */
public final class MatMuls {
    private MatMuls() {}

    /** A strided K x N operand: B(p, j) = {@code data[off + p * rs + j * cs]}, with its packed form when prepared. */
    public record B(float[] data, int off, int rs, int cs, int k, int n, GemmKernel.PackedB packed) {
        public static B of(float[] data, int off, int rs, int cs, int k, int n) {
            return new B(data, off, rs, cs, k, n, null);
        }

        /** Packs now when the product is big enough to use it: for weights, done once when the op is built. */
        public B prepared(int expectedM) {
            if (packed != null || GemmKernel.isSmall(expectedM, n, k)) return this;
            return new B(data, off, rs, cs, k, n, Kernels.gemm().packB(data, off, rs, cs, k, n));
        }
    }

    /**
     * {@code C = alpha * A * B}, plus C's old values when {@code add}: A(i, p) = {@code a[aOff + i * rsA + p * csA]}
     * for i < m; C(i, j) = {@code c[cOff + i * ldc + j]}.
     */
    public static void multiply(ExecContext ctx, int m, float alpha, float[] a, int aOff, int rsA, int csA,
                                B b, float[] c, int cOff, int ldc, boolean add) {
        multiply(ctx, m, alpha, a, aOff, rsA, csA, b, c, cOff, ldc, add, null);
    }

    /** {@link #multiply} that, without {@code add}, also adds {@code rowBias} (N values; null for none) to every row. */
    public static void multiply(ExecContext ctx, int m, float alpha, float[] a, int aOff, int rsA, int csA,
                                B b, float[] c, int cOff, int ldc, boolean add, float[] rowBias) {
        int k = b.k(), n = b.n();
        if (m == 0 || n == 0) return;
        if (b.packed() == null && GemmKernel.isSmall(m, n, k)) {
            ctx.parallelFor(m, (long) n * k, (from, to) -> GemmKernel.gemmDirect(n, k, alpha, a, aOff, rsA, csA,
                    b.data(), b.off(), b.rs(), b.cs(), c, cOff, ldc, from, to, add, rowBias));
            return;
        }
        GemmKernel g = Kernels.gemm();
        if (b.packed() == null && m <= GemmKernel.SKINNY_ROWS) {
            int blocks = (n + SKINNY_COLUMNS - 1) / SKINNY_COLUMNS;
            ctx.parallelFor(blocks, (long) m * k * SKINNY_COLUMNS, (from, to) -> g.gemmSkinny(m, k, alpha, a, aOff, rsA, csA,
                    b.data(), b.off(), b.rs(), b.cs(), c, cOff, ldc, from * SKINNY_COLUMNS, Math.min(n, to * SKINNY_COLUMNS), add, rowBias));
            return;
        }
        GemmKernel.PackedB pb = b.packed() != null ? b.packed() : g.packB(b.data(), b.off(), b.rs(), b.cs(), k, n);
        float[] packed = scratch(g.packedASize(m, k));
        ctx.parallelFor(g.panels(m), (long) g.panelRows() * k, (from, to) -> g.packA(a, aOff, rsA, csA, m, k, packed, from, to));
        GemmKernel.PackedA pa = new GemmKernel.PackedA(packed, m, k, g.panelRows());
        ctx.parallelFor(g.tiles(m, n), g.tileWork(m, n, k), (from, to) -> g.gemm(alpha, pa, pb, c, cOff, ldc, from, to, add, rowBias));
    }

    /** Columns per thread-split block of a skinny product. */
    private static final int SKINNY_COLUMNS = 64;

    /**
     * The calling thread's buffer for packed A, grown as needed: a product packs its A before its
     * tiles run and is done with it when {@link #multiply} returns, so one buffer per thread serves
     * every product that thread starts, without zeroing a fresh array each time.
     */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private static float[] scratch(int size) {
        float[] s = SCRATCH.get();
        if (s.length < size) SCRATCH.set(s = new float[size]);
        return s;
    }
}
