package dev.jinn.kernels.softmax;

import dev.jinn.kernels.elementwise.ScalarElementwiseKernel;
import dev.jinn.kernels.elementwise.VectorElementwiseKernel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SoftmaxKernel} on the Vector API. The row sum adds the lanes one by one in lane order, not
 * by {@code reduceLanes}, whose order the Vector API leaves open (its interpreted and compiled forms
 * differ), so a row's sum has the same bits before and after the JIT compiles it; exp is
 * {@link VectorElementwiseKernel#exp}, not the Vector API's EXP, for the same reason.
 */
public final class VectorSoftmaxKernel implements SoftmaxKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "bit";
    }

    /** Contiguous rows [from, to) of length n. */
    @Override
    public void softmax(float[] x, float[] y, int n, boolean log, int from, int to) {
        for (int r = from; r < to; r++) {
            int off = r * n;
            float max = max(x, off, n);
            float sum = expShifted(x, y, off, n, max);
            if (log) {
                // (x - max) first: max + log(sum) would round away the small differences near a large max.
                float lse = (float) Math.log(sum);
                int i = 0;
                FloatVector mv = FloatVector.broadcast(S, max), lv = FloatVector.broadcast(S, lse);
                // scalar: y = (x - max) - log(sum)
                for (; i < S.loopBound(n); i += S.length()) FloatVector.fromArray(S, x, off + i).sub(mv).sub(lv).intoArray(y, off + i);
                for (; i < n; i++) y[off + i] = (x[off + i] - max) - lse;
            } else {
                float inv = 1f / sum;
                int i = 0;
                // scalar: y = y * (1 / sum)
                for (; i < S.loopBound(n); i += S.length()) FloatVector.fromArray(S, y, off + i).mul(inv).intoArray(y, off + i);
                for (; i < n; i++) y[off + i] *= inv;
            }
        }
    }

    private static float max(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        int i = 0;
        if (n >= S.length()) {
            FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            // scalar: max = max(max, x)
            for (; i < S.loopBound(n); i += S.length()) mv = mv.max(FloatVector.fromArray(S, x, off + i));
            max = mv.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) max = Math.max(max, x[off + i]);
        return max;
    }

    /** y = exp(x - max) and returns the sum of y. */
    private static float expShifted(float[] x, float[] y, int off, int n, float max) {
        int i = 0;
        float sum = 0f;
        if (n >= S.length()) {
            FloatVector mv = FloatVector.broadcast(S, max);
            FloatVector acc = FloatVector.zero(S);
            // scalar: y = exp(x - max); sum += y
            for (; i < S.loopBound(n); i += S.length()) {
                FloatVector e = VectorElementwiseKernel.exp(FloatVector.fromArray(S, x, off + i).sub(mv));
                e.intoArray(y, off + i);
                acc = acc.add(e);
            }
            for (int l = 0; l < S.length(); l++) sum += acc.lane(l);
        }
        for (; i < n; i++) {
            float e = ScalarElementwiseKernel.exp(x[off + i] - max);
            y[off + i] = e;
            sum += e;
        }
        return sum;
    }
}
