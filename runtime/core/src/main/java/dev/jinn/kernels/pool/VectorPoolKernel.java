package dev.jinn.kernels.pool;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PoolKernel}'s row primitives on the Vector API for strides 1 to 3; wider strides stay scalar.
 * A strided row is read as whole vectors and its lanes picked out by two-vector rearranges (stride 2:
 * one, stride 3: two). On AVX-512, 2x2 stride 2 max pooling over [64, 224, 224], a tap at a time,
 * took 0.8 ms so against 3.2 ms with a gather ({@code fromArray} with an index map) and 2.8 ms scalar.
 * No masked loads or stores, which the Vector API does not make fast on every CPU (NEON): a row's
 * last, partial vector is a whole vector that ends at the row's end, taken again by a maximum, which
 * does not mind taking an element twice, and by a sum under a mask on the add alone. Rows shorter
 * than a vector, and the last outputs whose stride groups would run past the array, are scalar.
 */
public final class VectorPoolKernel implements PoolKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /*
     * Lane sources of the rearranges: a lane below L picks from the first vector, the rest (written
     * as negative, lane - L) from the second. EVEN takes lanes 0, 2, 4, .. of two vectors; THIRDS_A
     * takes lanes 0, 3, 6, .. of the first two of three vectors, and THIRDS_B keeps those and adds
     * the ones that fall in the third.
     */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i < L ? 2 * i : 2 * i - 2 * L);
    private static final VectorShuffle<Float> THIRDS_A =
            VectorShuffle.fromOp(S, i -> 3 * i < L ? 3 * i : 3 * i < 2 * L ? 3 * i - 2 * L : 0);
    private static final VectorShuffle<Float> THIRDS_B = VectorShuffle.fromOp(S, i -> 3 * i < 2 * L ? i : 3 * i - 3 * L);

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "bit";
    }

    /*
     * The vector loops are one per stride, around one-vector methods that take no vector and give
     * none back: a loop that tested the stride inside ran the pools up to a quarter slower, and a
     * method that passed a vector, where the JIT did not inline it (as it does not once the method is
     * compiled on its own), boxed every vector: up to three times slower, from one run to the next.
     */

    @Override
    public void maxInto(float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        int i = stride <= 3 && n >= L ? maxVectors(x, xOff, stride, y, yOff, n) : 0;
        for (; i < n; i++) y[yOff + i] = Math.max(y[yOff + i], x[xOff + i * stride]);
    }

    @Override
    public void addInto(float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        int i = stride <= 3 && n >= L ? addVectors(x, xOff, stride, y, yOff, n) : 0;
        for (; i < n; i++) y[yOff + i] += x[xOff + i * stride];
    }

    /** maxInto's vectors; returns how many outputs they took. */
    private static int maxVectors(float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        int room = room(x, xOff, stride, n), i = 0;
        if (room < L) return 0;
        // scalar: y = max(y, x[stride * i]); the last vector ends at room, over the one before it.
        int last = room - L;
        switch (stride) {
            case 1 -> {
                for (; i < last; i += L) max1(x, xOff + i, y, yOff + i);
                max1(x, xOff + last, y, yOff + last);
            }
            case 2 -> {
                for (; i < last; i += L) max2(x, xOff + 2 * i, y, yOff + i);
                max2(x, xOff + 2 * last, y, yOff + last);
            }
            default -> {
                for (; i < last; i += L) max3(x, xOff + 3 * i, y, yOff + i);
                max3(x, xOff + 3 * last, y, yOff + last);
            }
        }
        return room;
    }

    /** addInto's vectors; returns how many outputs they took. */
    private static int addVectors(float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        int room = room(x, xOff, stride, n), full = room - room % L, i = 0;
        // scalar: y = y + x[stride * i]
        switch (stride) {
            case 1 -> { for (; i < full; i += L) add1(x, xOff + i, y, yOff + i); }
            case 2 -> { for (; i < full; i += L) add2(x, xOff + 2 * i, y, yOff + i); }
            default -> { for (; i < full; i += L) add3(x, xOff + 3 * i, y, yOff + i); }
        }
        if (full == n || room < n) return full;
        addLast(x, xOff, stride, y, yOff, n, full);
        return n;
    }

    /**
     * Adds outputs [done, n) with one whole vector that ends at n: an add under a mask, not a masked
     * load or store, so the lanes below done are written back as they were.
     */
    private static void addLast(float[] x, int xOff, int stride, float[] y, int yOff, int n, int done) {
        int i = n - L, o = xOff + stride * i;
        FloatVector v = FloatVector.fromArray(S, x, o);
        if (stride == 2) v = v.rearrange(EVEN, FloatVector.fromArray(S, x, o + L));
        if (stride == 3) {
            v = v.rearrange(THIRDS_A, FloatVector.fromArray(S, x, o + L)).rearrange(THIRDS_B, FloatVector.fromArray(S, x, o + 2 * L));
        }
        FloatVector.fromArray(S, y, yOff + i).add(v, S.indexInRange(i - done, n - done)).intoArray(y, yOff + i);
    }

    /** How many of the n outputs have all stride floats of their lane's group inside x: vectors may read that far. */
    private static int room(float[] x, int xOff, int stride, int n) {
        return Math.min(n, (x.length - xOff) / stride);
    }

    private static void max1(float[] x, int o, float[] y, int yo) {
        FloatVector.fromArray(S, y, yo).max(FloatVector.fromArray(S, x, o)).intoArray(y, yo);
    }

    private static void max2(float[] x, int o, float[] y, int yo) {
        FloatVector v = FloatVector.fromArray(S, x, o).rearrange(EVEN, FloatVector.fromArray(S, x, o + L));
        FloatVector.fromArray(S, y, yo).max(v).intoArray(y, yo);
    }

    private static void max3(float[] x, int o, float[] y, int yo) {
        FloatVector v = FloatVector.fromArray(S, x, o).rearrange(THIRDS_A, FloatVector.fromArray(S, x, o + L))
                .rearrange(THIRDS_B, FloatVector.fromArray(S, x, o + 2 * L));
        FloatVector.fromArray(S, y, yo).max(v).intoArray(y, yo);
    }

    private static void add1(float[] x, int o, float[] y, int yo) {
        FloatVector.fromArray(S, y, yo).add(FloatVector.fromArray(S, x, o)).intoArray(y, yo);
    }

    private static void add2(float[] x, int o, float[] y, int yo) {
        FloatVector v = FloatVector.fromArray(S, x, o).rearrange(EVEN, FloatVector.fromArray(S, x, o + L));
        FloatVector.fromArray(S, y, yo).add(v).intoArray(y, yo);
    }

    private static void add3(float[] x, int o, float[] y, int yo) {
        FloatVector v = FloatVector.fromArray(S, x, o).rearrange(THIRDS_A, FloatVector.fromArray(S, x, o + L))
                .rearrange(THIRDS_B, FloatVector.fromArray(S, x, o + 2 * L));
        FloatVector.fromArray(S, y, yo).add(v).intoArray(y, yo);
    }
}
