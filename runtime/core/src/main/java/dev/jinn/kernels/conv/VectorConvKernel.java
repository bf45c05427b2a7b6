package dev.jinn.kernels.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvKernel}'s primitive on the Vector API for unit strides; strided rows stay scalar, since
 * a gather costs more than the lanes it fills on the machines measured.
 */
public final class VectorConvKernel implements ConvKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "bit";
    }

    @Override
    public void axpy(float w, float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        int i = 0;
        if (stride == 1) {
            FloatVector wv = FloatVector.broadcast(S, w);
            // scalar: y = fma(x, w, y)
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector.fromArray(S, x, xOff + i).fma(wv, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i * stride], w, y[yOff + i]);
    }
}
