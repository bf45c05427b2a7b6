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
     * One step of a pipeline over consecutive rows of length n from {@code off}: {@link #normalize} of
     * the first (into y at the same offset, scale and bias read from {@code pOff}), {@link
     * #centeredSumSquares} of the second around {@code sqCenter} into {@code sums[0]}, and, when
     * {@code sumAfter}, {@link #shiftedSum} of the third, shifted by {@code sumShift}, into {@code
     * sums[1]}. Bitwise the same as those calls; an implementation may run them in one pass, so that a
     * row is read from memory while another is written and no row waits on the reductions just before it.
     */
    default void normalizeThenSums(float[] x, float[] y, int off, int n, float center, float invStd, float offset,
                                   float[] scale, float[] bias, int pOff, float sqCenter, boolean sumAfter, float sumShift,
                                   double[] sums) {
        normalize(x, off, n, center, invStd, offset, scale, pOff, bias, pOff, y, off);
        sums[0] = centeredSumSquares(x, off + n, n, sqCenter);
        if (sumAfter) sums[1] = shiftedSum(x, off + 2 * n, n, sumShift);
    }

    /**
     * The same step with affine maps: the first row is a group of channels, and segment k, elements
     * [k * segLen, (k + 1) * segLen), is mapped by {@code y = (x - shift) * a[k] + b[k]}; n is a
     * multiple of segLen.
     */
    default void affineThenSums(float[] x, float[] y, int off, int n, int segLen, float shift, float[] a, float[] b,
                                float sqCenter, boolean sumAfter, float sumShift, double[] sums) {
        for (int k = 0, s = 0; s < n; k++, s += segLen) affine(x, off + s, segLen, shift, a[k], b[k], y, off + s);
        sums[0] = centeredSumSquares(x, off + n, n, sqCenter);
        if (sumAfter) sums[1] = shiftedSum(x, off + 2 * n, n, sumShift);
    }
}
