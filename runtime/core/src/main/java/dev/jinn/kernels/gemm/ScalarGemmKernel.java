package dev.jinn.kernels.gemm;

/**
 * {@link GemmKernel} in plain Java: micro-tiles of 4 x 16 (so tiles split as evenly as the vector
 * kernel's), each element summed over K in order with fused multiply-adds from zero, then added to
 * C by one more, as {@link VectorGemmKernel} does, so the twins give the same bits.
 */
public final class ScalarGemmKernel extends PackedGemm {
    private static final int MR = 4, NR = 16;

    public ScalarGemmKernel() {
        super(MR, NR);
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    int width(int cols) {
        return cols;
    }

    @Override
    void micro(float[] ap, int ai, float[] bp, int[] rows, int ri, int bi, int kc, float alpha, float[] c, int cAt, int ldc,
               int cols) {
        float[] acc = new float[MR * NR];
        for (int p = 0, a0 = ai; p < kc; p++, a0 += MR) {
            int b0 = rows[ri + p] + bi;
            for (int r = 0; r < MR; r++) {
                float x = ap[a0 + r];
                for (int j = 0; j < cols; j++) acc[r * NR + j] = Math.fma(x, bp[b0 + j], acc[r * NR + j]);
            }
        }
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < cols; j++) c[cAt + r * ldc + j] = Math.fma(alpha, acc[r * NR + j], c[cAt + r * ldc + j]);
        }
    }

    @Override
    public void gemmSkinny(int m, int k, float alpha, float[] a, int aOff, int rsA, int csA, float[] b, int bOff, int rsB,
                           int csB, float[] c, int cOff, int ldc, int jFrom, int jTo, boolean add, float[] rowBias) {
        for (int i = 0; i < m; i++) {
            for (int j = jFrom; j < jTo; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) acc = Math.fma(a[aOff + i * rsA + p * csA], b[bOff + p * rsB + j * csB], acc);
                int ci = cOff + i * ldc + j;
                c[ci] = Math.fma(alpha, acc, add ? c[ci] : rowBias == null ? 0f : rowBias[j]);
            }
        }
    }
}
