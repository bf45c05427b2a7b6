package dev.jinn.ops.linalg;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.GemmKernels;

/**
 * Runs one float32 product {@code C += alpha * A * B} on the session's threads: the scalar loop for
 * tiny products, else the packed kernel over output tiles. Shared by MatMul, Gemm and Conv.
 */
public final class MatMuls {
    private MatMuls() {}

    /** A strided K x N operand: B(p, j) = {@code data[off + p * rs + j * cs]}, with its packed form when prepared. */
    public record B(float[] data, int off, int rs, int cs, int k, int n, GemmKernels.PackedB packed) {
        public static B of(float[] data, int off, int rs, int cs, int k, int n) {
            return new B(data, off, rs, cs, k, n, null);
        }

        /** Packs now when the product is big enough to use it: for weights, done once when the op is built. */
        public B prepared(int expectedM) {
            if (packed != null || GemmKernels.isSmall(expectedM, n, k)) return this;
            return new B(data, off, rs, cs, k, n, GemmKernels.packB(data, off, rs, cs, k, n));
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
        if (b.packed() == null && GemmKernels.isSmall(m, n, k)) {
            ctx.parallelFor(m, (long) n * k, (from, to) -> GemmKernels.gemmScalar(n, k, alpha, a, aOff, rsA, csA,
                    b.data(), b.off(), b.rs(), b.cs(), c, cOff, ldc, from, to, add, rowBias));
            return;
        }
        GemmKernels.PackedB pb = b.packed() != null ? b.packed() : GemmKernels.packB(b.data(), b.off(), b.rs(), b.cs(), k, n);
        float[] packed = scratch(GemmKernels.packedASize(m, k));
        ctx.parallelFor(GemmKernels.panels(m), (long) GemmKernels.MR * k,
                (from, to) -> GemmKernels.packA(a, aOff, rsA, csA, m, k, packed, from, to));
        GemmKernels.PackedA pa = new GemmKernels.PackedA(packed, m, k);
        int tiles = GemmKernels.tiles(m, n);
        long perTile = (long) Math.min(m, GemmKernels.MC) * Math.min(n, GemmKernels.NC) * Math.max(k, 1);
        ctx.parallelFor(tiles, perTile, (from, to) -> GemmKernels.gemm(alpha, pa, pb, c, cOff, ldc, from, to, add, rowBias));
    }

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
