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
     * {@link #normalize} of one row, {@link #centeredSumSquares} of the next (at {@code sqOff}, around
     * {@code sqCenter}) into {@code sums[0]}, and {@link #shiftedSum} of the row after that (at
     * {@code sumOff}, shifted by {@code sumShift}) into {@code sums[1]}; all three rows have length n.
     * A negative {@code sumOff} skips the sum (for the row before last, or rows that are not centered).
     * Bitwise the same as the three calls; an implementation may run them in one pass, so that a row
     * is read from memory while another is written and no row waits on the reductions just before it.
     */
    default void normalizeThenSums(float[] x, int xOff, int n, float center, float invStd, float offset,
                                   float[] scale, int sOff, float[] bias, int bOff, float[] y, int yOff,
                                   int sqOff, float sqCenter, int sumOff, float sumShift, double[] sums) {
        normalize(x, xOff, n, center, invStd, offset, scale, sOff, bias, bOff, y, yOff);
        sums[0] = centeredSumSquares(x, sqOff, n, sqCenter);
        if (sumOff >= 0) sums[1] = shiftedSum(x, sumOff, n, sumShift);
    }

    /**
     * The affine maps of one row, then the sums of the next two, as {@link #normalizeThenSums}. The
     * row is a group of channels: segment k, elements [k * segLen, (k + 1) * segLen), is mapped by
     * {@code y = (x - shift) * a[k] + b[k]}; n is a multiple of segLen.
     */
    default void affineThenSums(float[] x, int xOff, int n, int segLen, float shift, float[] a, float[] b,
                                float[] y, int yOff, int sqOff, float sqCenter, int sumOff, float sumShift, double[] sums) {
        for (int k = 0, s = 0; s < n; k++, s += segLen) affine(x, xOff + s, segLen, shift, a[k], b[k], y, yOff + s);
        sums[0] = centeredSumSquares(x, sqOff, n, sqCenter);
        if (sumOff >= 0) sums[1] = shiftedSum(x, sumOff, n, sumShift);
    }
}
