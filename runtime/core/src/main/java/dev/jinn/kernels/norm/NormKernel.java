package dev.jinn.kernels.norm;

/**
 * The hot loops of the normalization operators, over one contiguous run of floats at a time.
 * Reductions return a double; every implementation accumulates in float32 or wider. Sums shift the
 * data by a value of the row ({@code shift}, usually its first element), and squares and the
 * normalization are taken around {@code center}, the mean rounded to float, so that a large common
 * offset does not swamp the small deviations that the variance is made of: x - center is exact for
 * x within a factor of two of center.
 *
 * <p>Two implementations sit side by side: {@link ScalarNormKernel} and {@link VectorNormKernel};
 * {@link dev.jinn.kernels.Kernels} picks one once per JVM.
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
     * {@link #affine} of the consecutive planes [from, to) of {@code spatial} elements each, plane p
     * by channel {@code p % channels}'s {@code shift}, {@code a} and {@code b}: batch normalization's
     * inference, with affine's bits. An implementation may take the planes as one stream.
     */
    default void affinePlanes(float[] x, float[] y, int from, int to, int spatial, int channels, float[] shift,
                              float[] a, float[] b) {
        for (int p = from; p < to; p++) {
            int c = p % channels;
            affine(x, p * spatial, spatial, shift[c], a[c], b[c], y, p * spatial);
        }
    }

    /**
     * The skip layer norms' sum over rows [from, to) of n: {@code s = (x + skip) + bias}, each add
     * rounded to float, {@code bias} (n values, or null for none) the same for every row.
     */
    default void addSkip(float[] x, float[] skip, float[] bias, float[] s, int from, int to, int n) {
        for (int i = from * n, end = to * n; i < end; i++) s[i] = bias == null ? x[i] + skip[i] : x[i] + skip[i] + bias[i % n];
    }

    /** The most rows that the row-group forms below take in one call. */
    int ROWS = 4;

    /**
     * {@link #shiftedSum} of each of {@code rows} (1 to {@link #ROWS}) consecutive rows of length n
     * from {@code off}, row k shifted by {@code shift[k]}, into {@code sums[k]}: each with the same
     * bits as shiftedSum of that row alone, so a row's sum does not depend on the rows beside it.
     */
    default void shiftedSums(float[] x, int off, int n, int rows, float[] shift, double[] sums) {
        for (int k = 0; k < rows; k++) sums[k] = shiftedSum(x, off + k * n, n, shift[k]);
    }

    /** {@link #centeredSumSquares} of each of {@code rows} rows, as {@link #shiftedSums} takes them. */
    default void centeredSquares(float[] x, int off, int n, int rows, float[] center, double[] squares) {
        for (int k = 0; k < rows; k++) squares[k] = centeredSumSquares(x, off + k * n, n, center[k]);
    }

    /**
     * {@link #normalize} of {@code rows} (1 to {@link #ROWS}) consecutive rows of length n from
     * {@code off} into y at the same offsets, row k with {@code center[k]}, {@code invStd[k]} and
     * {@code offset[k]}, all with the same scale and bias (from {@code pOff}; bias may be null). An
     * implementation may read each scale and bias element once for all the rows.
     */
    default void normalizeRows(float[] x, int off, int n, int rows, float[] center, float[] invStd, float[] offset,
                               float[] scale, float[] bias, int pOff, float[] y) {
        for (int k = 0, o = off; k < rows; k++, o += n) {
            normalize(x, o, n, center[k], invStd[k], offset[k], scale, pOff, bias, pOff, y, o);
        }
    }

    /**
     * The mean and M2, the sum of squared deviations from that mean, of the row of n at {@code off},
     * taken around {@code shift} (usually its first element): {@code out[0] = mean - shift},
     * {@code out[1] = M2}. This default takes two passes: the sum, then the squares around the mean
     * rounded to float, less the part that the rounding adds. An implementation may take one pass by
     * Welford's update over blocks (Chan, Golub and LeVeque), never by E[x^2] - E[x]^2.
     */
    default void shiftedStats(float[] x, int off, int n, float shift, double[] out) {
        double d = n == 0 ? 0 : shiftedSum(x, off, n, shift) / n;
        float center = (float) (shift + d);
        double rounding = (shift + d) - center;
        out[0] = d;
        out[1] = Math.max(centeredSumSquares(x, off, n, center) - n * rounding * rounding, 0);
    }

    /**
     * {@link #normalize} of the row of n at {@code off} into y at the same offset, with scale and bias
     * from {@code pOff} (bias may be null), while taking {@link #shiftedStats} of the row at
     * {@code statOff} (in a pipeline, the next one) around {@code statShift}, into {@code out} with
     * the same bits. With y null, nothing is written: a pipeline's first row takes its statistics so,
     * through the code that the other rows keep hot. An implementation may do both in one pass, so
     * that the next row is read from memory while this one is written.
     */
    default void normalizeThenStats(float[] x, int off, int n, float center, float invStd, float offset, float[] scale,
                                    float[] bias, int pOff, float[] y, int statOff, float statShift, double[] out) {
        if (y != null) normalize(x, off, n, center, invStd, offset, scale, pOff, bias, pOff, y, off);
        shiftedStats(x, statOff, n, statShift, out);
    }

    /**
     * RMS norm's pipeline: {@code y = x * invStd * scale[pOff + i] (+ bias[pOff + i])} for the row of
     * n at {@code off}, into y at the same offset (nothing where y is null; bias may be null), while
     * taking the sum of squares of the row at {@code statOff}: {@link #centeredSumSquares} around 0,
     * with its bits. The map is {@link #normalize}'s with center and offset 0 (up to the sign of a
     * zero), less the two operations per element that an RMS row does not need. An implementation
     * may do both in one pass.
     */
    default double normalizeThenSquares(float[] x, int off, int n, float invStd, float[] scale, float[] bias, int pOff,
                                        float[] y, int statOff) {
        if (y != null) normalize(x, off, n, 0, invStd, 0, scale, pOff, bias, pOff, y, off);
        return centeredSumSquares(x, statOff, n, 0);
    }

    /**
     * RMS norm over rows [from, to) of n, all with the same scale and no bias: row r becomes {@code
     * x * invStd_r * scale}, invStd_r = 1 / sqrt(sum of squares / n + eps), stored in
     * {@code invStd[r]} where invStd is not null. A row's sum of squares, and so its output, must
     * not depend on from and to, so that results do not depend on the thread split. Returns false,
     * having written nothing, where the implementation does not take such rows (then the caller
     * takes them with {@link #normalizeThenSquares}).
     */
    default boolean rmsRows(float[] x, int n, int from, int to, float eps, float[] scale, float[] y, float[] invStd) {
        return false;
    }

    /**
     * {@link #affine} of the row of n elements at {@code off} (segment k, elements [k * segLen, (k +
     * 1) * segLen), mapped by {@code a[k]} and {@code b[k]}; n is a multiple of segLen), while taking
     * {@link #shiftedStats} of the next row, at {@code off + n}, around {@code statShift}, into
     * {@code out} with the same bits. An implementation may do both in one pass, so that the next
     * row is read from memory while this one is written.
     */
    default void affineThenStats(float[] x, float[] y, int off, int n, int segLen, float shift, float[] a, float[] b,
                                 float statShift, double[] out) {
        for (int k = 0, s = 0; s < n; k++, s += segLen) affine(x, off + s, segLen, shift, a[k], b[k], y, off + s);
        shiftedStats(x, off + n, n, statShift, out);
    }
}
