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

    static final VectorSpecies<Float> S = species(System.getProperty("jinn.norm.vectorBits"));
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

    /**
     * The preferred species, except 256 bits where the CPU executes 512-bit operations as two
     * 256-bit halves (AMD family 25 with AVX-512: Zen 4), or where {@code -Djinn.norm.vectorBits}
     * (128, 256 or 512) asks for a width no wider than the preferred one. Where 512-bit operations
     * take one step, the two widths measured the same on the Xeon of docs/benchmarks.md (harness,
     * minimum of 300 calls, two JVMs each, loaded machine): LayerNorm [128,768] pipelined 18.5-19.0
     * µs at 256 bits against 19.1-26.0 at 512, [512,768] 96-98 against 97, RMSNorm [128,768]
     * 17.5-18.7 against 17.6-18.1. Halved, a 512-bit vector brings no more throughput than a 256-bit
     * one, while every mask, fold and tail is twice as wide: so the narrower one there (not yet
     * measured on a Zen 4).
     */
    private static VectorSpecies<Float> species(String bits) {
        VectorSpecies<Float> p = FloatVector.SPECIES_PREFERRED;
        if (bits == null) bits = splitsWideVectors() ? "256" : "";
        VectorSpecies<Float> s = switch (bits) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            default -> p;
        };
        return s.vectorBitSize() < p.vectorBitSize() ? s : p;
    }

    /** Whether /proc/cpuinfo names an AMD family 25 CPU (Zen 3 and 4; only Zen 4 has AVX-512). */
    private static boolean splitsWideVectors() {
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/cpuinfo"))) {
            return splitsWideVectors(String.join("\n", lines.limit(8).toList()));
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@link #splitsWideVectors()} of the first lines of a /proc/cpuinfo. */
    static boolean splitsWideVectors(String cpuinfo) {
        return cpuinfo.matches("(?s).*vendor_id\\s*:\\s*AuthenticAMD.*") && cpuinfo.matches("(?s).*cpu family\\s*:\\s*25\\b.*");
    }
}
