package dev.jinn.kernels.pool;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link PoolKernel}'s row primitives on the Vector API for unit strides; strided rows stay scalar. */
public final class VectorPoolKernel implements PoolKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "bit";
    }

    @Override
    public void maxInto(float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        int i = 0;
        if (stride == 1) {
            // scalar: y = max(y, x)
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector.fromArray(S, y, yOff + i).max(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) y[yOff + i] = Math.max(y[yOff + i], x[xOff + i * stride]);
    }

    @Override
    public void addInto(float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        int i = 0;
        if (stride == 1) {
            // scalar: y = y + x
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector.fromArray(S, y, yOff + i).add(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) y[yOff + i] += x[xOff + i * stride];
    }
}
