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
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < cols; j++) {
                float acc = 0f;
                for (int p = 0; p < kc; p++) acc = Math.fma(ap[ai + p * MR + r], bp[rows[ri + p] + bi + j], acc);
                c[cAt + r * ldc + j] = Math.fma(alpha, acc, c[cAt + r * ldc + j]);
            }
        }
    }

    @Override
    public void gemmSkinny(int m, int k, float alpha, float[] a, int aOff, int rsA, int csA, float[] b, int bOff, int rsB,
                           int csB, float[] c, int cOff, int ldc, int jFrom, int jTo, boolean add, float[] rowBias) {
        // The direct product over all rows of the columns [jFrom, jTo), shifted to start there.
        GemmKernel.gemmDirect(jTo - jFrom, k, alpha, a, aOff, rsA, csA, b, bOff + jFrom * csB, rsB, csB, c, cOff + jFrom, ldc,
                0, m, add, rowBias == null ? null : java.util.Arrays.copyOfRange(rowBias, jFrom, jTo));
    }
}
