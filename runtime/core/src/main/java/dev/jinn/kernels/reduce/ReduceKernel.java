package dev.jinn.kernels.reduce;

/**
 * Reductions of one contiguous run of floats, accumulated in float64 in a fixed order, so a run's
 * result does not depend on the JIT's state. Two implementations sit side by side,
 * {@link ScalarReduceKernel} and {@link VectorReduceKernel}; {@link dev.jinn.kernels.Kernels} picks
 * one once per JVM. Reductions over any set of axes, and other dtypes, are {@link Reductions}.
 */
public interface ReduceKernel {
    String name();

    /** The sum of {@code x[off..off + n)}. */
    double sum(float[] x, int off, int n);

    /** The maximum of {@code x[off..off + n)} as {@code Math.max} takes it (NaN wins); -inf when n is 0. */
    float max(float[] x, int off, int n);
}
