package dev.jinn.kernels;

/**
 * The hot loops of the normalization operators, over one contiguous run of floats at a time.
 * Reductions return a double; every implementation accumulates in float32 or wider. Sums shift the
 * data by a value of the row ({@code shift}, usually its first element), and squares and the
 * normalization are taken around {@code center}, the mean rounded to float, so that a large common
 * offset does not swamp the small deviations that the variance is made of: x - center is exact for
 * x within a factor of two of center.
 *
 * <p>Two implementations sit side by side: {@link ScalarNormKernel} and {@link VectorNormKernel};
 * {@link NormKernels#get()} picks one once per JVM.
 */
public interface NormKernel {
    /** A short name for logs and benchmark reports. */
    String name();

    /** Sum of {@code x[off + i] - shift} for i in [0, n). */
    double shiftedSum(float[] x, int off, int n, float shift);

    /** Sum of {@code (x[off + i] - center)^2}: with center 0, the sum of squares. */
    double centeredSumSquares(float[] x, int off, int n, float center);

    /**
     * {@code y = ((x - center) * invStd + offset) * scale[sOff + i] + bias[bOff + i]}; {@code bias} may
     * be null (no bias). {@code offset} is {@code -(mean - center) * invStd}: the part of the mean that
     * the float {@code center} could not hold, so that center needs one subtraction per element.
     */
    void normalize(float[] x, int xOff, int n, float center, float invStd, float offset,
                   float[] scale, int sOff, float[] bias, int bOff, float[] y, int yOff);

    /** {@code y = (x - shift) * a + b}: one channel of batch, instance or group normalization. */
    void affine(float[] x, int xOff, int n, float shift, float a, float b, float[] y, int yOff);

    /**
     * {@link #normalize} of one row, then {@link #shiftedSum} of the next row of the same length (at
     * {@code nextOff}, shifted by {@code nextShift}), which it returns. Bitwise the same as the two
     * calls; an implementation may interleave them, so that the next row's first read from memory
     * overlaps this row's writes.
     */
    default double normalizeThenSum(float[] x, int xOff, int n, float center, float invStd, float offset,
                                    float[] scale, int sOff, float[] bias, int bOff, float[] y, int yOff,
                                    int nextOff, float nextShift) {
        normalize(x, xOff, n, center, invStd, offset, scale, sOff, bias, bOff, y, yOff);
        return shiftedSum(x, nextOff, n, nextShift);
    }
}
