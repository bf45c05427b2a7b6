package dev.jinn.kernels.norm;

import static dev.jinn.kernels.norm.VectorLanes.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Batch normalization's inference map over a run of consecutive (sample, channel) planes, as one
 * stream: {@link VectorNormKernel} picks it for {@link NormKernel#affinePlanes} where a plane holds
 * at least a vector. Every store but the run's first and last few elements covers one whole cache
 * line: the run starts at its {@link VectorLanes#lead lead}, and a vector that straddles two planes
 * (the seam) takes each lane's own channel's map, so planes of 196 (14 x 14) cost no masked tail
 * each. Each element gets {@link VectorRowPasses#affine}'s operations, so the bits are the same.
 */
final class VectorPlaneAffine {
    private VectorPlaneAffine() {}

    static void affinePlanes(float[] x, float[] y, int from, int to, int spatial, int channels, float[] shift,
                             float[] a, float[] b) {
        int i = from * spatial, end = to * spatial;
        int c = from % channels;
        // The lead, one element at a time: it is shorter than a vector, so it lies in the first plane.
        for (int stop = i + Math.min(-(i + HEADER_FLOATS) & (L - 1), end - i); i < stop; i++) {
            y[i] = Math.fma(x[i] - shift[c], a[c], b[c]);
        }
        for (int p = from, planeEnd = (from + 1) * spatial; p < to; p++, planeEnd += spatial) {
            FloatVector vs = FloatVector.broadcast(S, shift[c]), va = FloatVector.broadcast(S, a[c]);
            FloatVector vb = FloatVector.broadcast(S, b[c]);
            // scalar: y = (x - shift) * a + b
            for (int bound = planeEnd - L; i <= bound; i += L) {
                FloatVector.fromArray(S, x, i).sub(vs).fma(va, vb).intoArray(y, i);
            }
            int rest = planeEnd - i;
            if (p + 1 == to) {
                VectorMask<Float> m = S.indexInRange(0, rest);
                FloatVector.fromArray(S, x, i, m).sub(vs).fma(va, vb).intoArray(y, i, m);
                return;
            }
            int next = c + 1 == channels ? 0 : c + 1;
            if (rest > 0) {
                // The seam: lanes [0, rest) end this plane, the others start the next (which holds
                // at least a vector).
                FloatVector v = FloatVector.fromArray(S, x, i);
                FloatVector mine = v.sub(vs).fma(va, vb);
                v.sub(shift[next]).fma(a[next], b[next]).blend(mine, S.indexInRange(0, rest)).intoArray(y, i);
                i += L;
            }
            c = next;
        }
    }
}
