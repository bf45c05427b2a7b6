package dev.jinn.kernels.conv;

import dev.jinn.kernels.WindowShape;

/**
 * Convolution loops. Two implementations sit side by side, {@link ScalarConvKernel} and
 * {@link VectorConvKernel}; {@link dev.jinn.kernels.Kernels} picks one once per JVM. They differ in
 * one primitive, {@link #axpy}, and share the loops around it, so their results have the same bits.
 *
 * <p>{@link #im2col} unfolds an image for convolution as a matrix product: row {@code c * K + k} of
 * the column matrix (K = kernel elements) holds, for every output position, the input element that
 * kernel tap k of channel c sees there, or 0 where it falls in the padding. {@link #col2im} is the
 * adjoint: it adds each column entry back onto the image element it came from (ConvTranspose).
 */
public interface ConvKernel {
    String name();

    /** {@code y[yOff + i] = fma(x[xOff + i * stride], w, y[yOff + i])} for i < n. */
    void axpy(float w, float[] x, int xOff, int stride, float[] y, int yOff, int n);

    /**
     * Depthwise 2-D convolution of output channels [from, to): output channel o reads input channel
     * o / multiplier through its own KH x KW filter, plus {@code bias[o]} when bias is not null.
     * {@code x} holds one image [C, H, W], {@code y} its [C * multiplier, OH, OW] result. Each output
     * row starts at the bias and takes one {@link #axpy} per kernel tap over the columns whose tap
     * is inside the image, so stride, dilation and padding stay out of the inner loop; every element
     * still sums its taps in row-major order.
     */
    default void depthwise2d(float[] x, int xOff, WindowShape s, int multiplier, float[] w, float[] bias,
                             float[] y, int yOff, int from, int to) {
        int h = s.in()[0], wd = s.in()[1], kh = s.kernel()[0], kw = s.kernel()[1];
        int sh = s.strides()[0], sw = s.strides()[1], dh = s.dilations()[0], dw = s.dilations()[1];
        int ph = s.padBegin()[0], pw = s.padBegin()[1], oh = s.out()[0], ow = s.out()[1];
        int[][] cols = s.insideRanges(1);
        for (int o = from; o < to; o++) {
            int xc = xOff + (o / multiplier) * h * wd, wo = o * kh * kw, yc = yOff + o * oh * ow;
            float b = bias == null ? 0f : bias[o];
            for (int r = 0; r < oh; r++) {
                int yRow = yc + r * ow;
                java.util.Arrays.fill(y, yRow, yRow + ow, b);
                for (int i = 0; i < kh; i++) {
                    int ih = r * sh - ph + i * dh;
                    if (ih < 0 || ih >= h) continue;
                    int xRow = xc + ih * wd;
                    for (int j = 0; j < kw; j++) {
                        int c0 = cols[0][j], n = cols[1][j] - c0;
                        if (n > 0) axpy(w[wo + i * kw + j], x, xRow + c0 * sw - pw + j * dw, sw, y, yRow + c0, n);
                    }
                }
            }
        }
    }

    /** Fills rows [from, to) of {@code col} ([channels * K, P]) from the channels starting at {@code x[xOff]}. */
    static void im2col(float[] x, int xOff, WindowShape s, float[] col, int from, int to) {
        walk(x, xOff, s, col, from, to, false);
    }

    /** Adds rows [from, to) of {@code col} onto the image at {@code x[xOff]}; rows of one channel must not be split. */
    static void col2im(float[] col, WindowShape s, float[] x, int xOff, int from, int to) {
        walk(x, xOff, s, col, from, to, true);
    }

    private static void walk(float[] x, int xOff, WindowShape s, float[] col, int from, int to, boolean scatter) {
        int r = s.in().length;
        int k = s.kernelSize(), p = s.outSize(), plane = s.inSize();
        int[] inStride = new int[r];
        for (int d = r - 1, acc = 1; d >= 0; d--) {
            inStride[d] = acc;
            acc *= s.in()[d];
        }
        int last = r - 1;
        int outLast = s.out()[last], inLast = s.in()[last];
        int sLast = s.strides()[last];
        int outer = outLast == 0 ? 0 : p / outLast;
        int[] kpos = new int[r];
        int[] opos = new int[r];
        for (int row = from; row < to; row++) {
            int c = row / k;
            for (int d = last, kr = row % k; d >= 0; d--) {
                kpos[d] = kr % s.kernel()[d];
                kr /= s.kernel()[d];
            }
            int dst = row * p;
            java.util.Arrays.fill(opos, 0);
            int shiftLast = kpos[last] * s.dilations()[last] - s.padBegin()[last];
            for (int o = 0; o < outer; o++) {
                int off = xOff + c * plane;
                boolean inside = true;
                for (int d = 0; d < last; d++) {
                    int pos = opos[d] * s.strides()[d] - s.padBegin()[d] + kpos[d] * s.dilations()[d];
                    if (pos < 0 || pos >= s.in()[d]) inside = false;
                    off += pos * inStride[d];
                }
                if (!inside) {
                    if (!scatter) java.util.Arrays.fill(col, dst, dst + outLast, 0f);
                    dst += outLast;
                } else if (scatter) {
                    for (int ow = 0; ow < outLast; ow++, dst++) {
                        int iw = ow * sLast + shiftLast;
                        if (iw >= 0 && iw < inLast) x[off + iw] += col[dst];
                    }
                } else if (sLast == 1 && shiftLast >= 0 && shiftLast + outLast <= inLast) {
                    System.arraycopy(x, off + shiftLast, col, dst, outLast);
                    dst += outLast;
                } else {
                    for (int ow = 0; ow < outLast; ow++, dst++) {
                        int iw = ow * sLast + shiftLast;
                        col[dst] = iw >= 0 && iw < inLast ? x[off + iw] : 0f;
                    }
                }
                for (int d = last - 1; d >= 0; d--) {
                    if (++opos[d] < s.out()[d]) break;
                    opos[d] = 0;
                }
            }
        }
    }
}
