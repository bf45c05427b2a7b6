package dev.jinn.kernels.norm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shape that every variant of {@link VectorNormKernel} shares: the species, the STEP of
 * four vectors that sums and statistics take per iteration (four accumulators hide the add
 * latency), the BLOCK after which float lanes are folded into a double (so float rounding does not
 * grow with the row), the fixed fold of a vector's lanes, and the lead of a long row.
 */
final class VectorLanes {
    private VectorLanes() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int STEP = 4 * L;
    static final int BLOCK = 64 * STEP;
    /**
     * Rotate-and-add steps, by L/2 lanes down to 1, that leave the sum of a vector's lanes in lane 0.
     * The fold is written out where it is used: as a method taking a vector, C2 compiles it on its
     * own once it is hot, then refuses to inline the compiled code ("callee is too large"), and each
     * call boxes its vector (a LayerNorm call at [1,128,768] slowed from 18 to 25 us).
     */
    static final VectorShuffle<Float>[] FOLD = folds();

    /**
     * Rows at least this long start their sums, squares and normalize loops at their {@link #lead},
     * where no vector straddles two cache lines: RMSNorm [4,1024,4096] took 5,180-5,410 µs so
     * against 5,370-5,950 from each row's first element (1 thread, three runs each). Shorter rows,
     * which sit in L1 for their later passes, keep plain loops, and the four-row forms take only
     * those. The one-pass statistics (({@link VectorWelfordPipeline})) take no lead.
     */
    static final int ALIGN_MIN = 2048;
    /** Floats before element 0 of a float[] in HotSpot's default layout: a 16-byte header. */
    static final int HEADER_FLOATS = 4;

    /**
     * Elements of the row of n at {@code off} before the first that sits at a multiple of the vector
     * size, if the array's header starts at one: G1 places the large arrays that long rows live in
     * at region starts. Only the speed depends on that guess; the sums depend on off and n alone.
     */
    static int lead(int off, int n) {
        return n < ALIGN_MIN ? 0 : -(off + HEADER_FLOATS) & (L - 1);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] f = new VectorShuffle[steps];
        for (int k = 0; k < steps; k++) {
            int d = L >> (k + 1);
            f[k] = VectorShuffle.fromOp(S, i -> (i + d) % L);
        }
        return f;
    }
}
