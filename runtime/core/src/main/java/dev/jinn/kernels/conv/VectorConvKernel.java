package dev.jinn.kernels.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvKernel}'s primitive on the Vector API. Unit strides run whole vectors and one masked
 * vector for the row's end (depthwise rows of small images are a vector or two long); stride 2 loads
 * two vectors and keeps their even lanes with one two-vector rearrange; other strides stay scalar.
 */
public final class VectorConvKernel implements ConvKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Lane l takes lane 2l of the pair (first vector, second vector); see rearrange(shuffle, v). */
    private static final VectorShuffle<Float> EVEN = evenLanes();

    private static VectorShuffle<Float> evenLanes() {
        int[] idx = new int[V];
        // A source below V picks from the first vector; the second's lane s is written s - V, negative.
        for (int l = 0; l < V; l++) idx[l] = 2 * l < V ? 2 * l : 2 * l - 2 * V;
        return VectorShuffle.fromArray(S, idx, 0);
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "bit";
    }

    @Override
    public void axpy(float w, float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        int i = 0;
        FloatVector wv = FloatVector.broadcast(S, w);
        if (stride == 1) {
            // scalar: y = fma(x, w, y)
            for (int bound = S.loopBound(n); i < bound; i += V) {
                FloatVector.fromArray(S, x, xOff + i).fma(wv, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
            }
            if (i < n) {
                VectorMask<Float> m = S.indexInRange(i, n);
                FloatVector.fromArray(S, x, xOff + i, m).fma(wv, FloatVector.fromArray(S, y, yOff + i, m)).intoArray(y, yOff + i, m);
            }
            return;
        }
        if (stride == 2) {
            // scalar: y = fma(x[2i], w, y); the second load may reach one past the last input read
            for (; i + V <= n && xOff + 2 * (i + V) <= x.length; i += V) {
                FloatVector lo = FloatVector.fromArray(S, x, xOff + 2 * i), hi = FloatVector.fromArray(S, x, xOff + 2 * i + V);
                lo.rearrange(EVEN, hi).fma(wv, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(x[xOff + i * stride], w, y[yOff + i]);
    }
}
