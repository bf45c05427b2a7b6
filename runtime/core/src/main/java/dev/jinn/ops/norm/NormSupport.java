package dev.jinn.ops.norm;

import dev.jinn.kernels.NormKernel;
import dev.jinn.ops.NodeContext;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.Arrays;

/** Checks and parameter shaping that the normalization ops share. */
final class NormSupport {
    private NormSupport() {}

    /** The mean of a row of n > 0 floats, summed around its first element. */
    static double mean(NormKernel k, float[] x, int off, int n) {
        return x[off] + k.shiftedSum(x, off, n, x[off]) / n;
    }

    /**
     * One thread's statistics of up to {@link NormKernel#ROWS} rows, taken together: {@link #take}
     * runs the kernel's one pass, {@link #settle} turns row k's sums into its mean and 1 / std.
     *
     * <p>The pass sums each row around a guess at its mean (the mean of its first elements). The
     * guess is kept only if it lies within one standard deviation of the mean: then the correction
     * d^2 in variance = squares / n - d^2 is at most half of squares / n, the subtraction cancels at
     * most one bit, and the variance is as exact as a two-pass one. Any other row (skewed first
     * elements, NaN, Inf, or float lanes that overflowed) takes a second pass around its mean rounded
     * to float, corrected by the (tiny) distance from that center to the mean.
     */
    static final class RowStats {
        private final float[] guess = new float[NormKernel.ROWS];
        private final double[] sums = new double[2 * NormKernel.ROWS];
        /** The settled row's mean, its float rounding, and 1 / sqrt(variance + eps). */
        double mean;
        float center;
        double invStd;

        /** The one pass over {@code rows} consecutive rows of length n from {@code off}. */
        void take(NormKernel k, float[] x, int off, int n, int rows, boolean centered) {
            k.sumsAround(x, off, n, rows, centered && n > 0, guess, sums);
        }

        /** Settles row k (at {@code off}) of the last {@link #take}; an uncentered row has mean 0. */
        void settle(NormKernel k, float[] x, int off, int n, int row, boolean centered, float eps) {
            boolean sums = centered && n > 0;
            double d = sums ? this.sums[2 * row] / n : 0, squares = this.sums[2 * row + 1];
            if (Double.isFinite(d) && Double.isFinite(squares) && 2 * d * d <= squares / n) {
                mean = guess[row] + d;
            } else {
                mean = sums ? mean(k, x, off, n) : 0;
                d = mean - (float) mean;
                squares = k.centeredSumSquares(x, off, n, (float) mean);
            }
            center = (float) mean;
            invStd = 1.0 / Math.sqrt(Math.max(squares / n - d * d, 0) + eps);
        }
    }

    static void requireFloat(NodeContext node, Tensor t, int input) {
        if (!t.dtype().isFloatingPoint()) {
            throw node.invalid("input " + input + " '" + node.node().inputs().get(input) + "': expected a float type, got " + t.dtype());
        }
    }

    static int axis(NodeContext node, long axis, int rank) {
        try {
            return Shapes.normalizeAxis((int) axis, rank);
        } catch (IllegalArgumentException e) {
            throw node.invalid("attribute 'axis': " + e.getMessage());
        }
    }

    static int stashType(NodeContext node) {
        int stash = (int) node.getInt("stash_type", 1);
        if (stash != DataType.FLOAT.code() && stash != DataType.DOUBLE.code()) {
            throw node.unsupported("stash_type " + stash + " (Jinn computes in float32 or float64)");
        }
        return stash;
    }

    /** X's shape with the dims from {@code axis} on set to 1: the shape of per-row statistics. */
    static int[] statShape(int[] shape, int axis) {
        int[] s = shape.clone();
        for (int d = axis; d < s.length; d++) s[d] = 1;
        return s;
    }

    /**
     * How a Scale or B input of a row normalization lines up with X's [M, N] view: 0 when it holds N
     * values for every row (its shape broadcasts to the normalized dims), N when it varies by row too.
     */
    static int paramStride(Tensor p, int[] normShape, int n) {
        if (p == null) return 0;
        int[] s = p.shape();
        int lead = 0;
        while (lead < s.length - normShape.length && s[lead] == 1) lead++;
        return s.length - lead > normShape.length ? n : 0;
    }

    /** The parameter's values laid out as {@code target} (no copy for a float32 tensor already of that shape). */
    static float[] floats(NodeContext node, Tensor p, int[] target, int input) {
        if (p == null) return null;
        try {
            return Tensors.expandFloats(withoutLeadingOnes(p, target.length), target);
        } catch (IllegalArgumentException e) {
            throw node.badShape(input, "broadcastable to " + Arrays.toString(target), p.shape());
        }
    }

    static double[] doubles(NodeContext node, Tensor p, int[] target, int input) {
        if (p == null) return null;
        try {
            return Tensors.expandDoubles(withoutLeadingOnes(p, target.length), target);
        } catch (IllegalArgumentException e) {
            throw node.badShape(input, "broadcastable to " + Arrays.toString(target), p.shape());
        }
    }

    /** [1, 1, 768] seen as [768] against a rank-1 target, so that the common case needs no copy. */
    private static Tensor withoutLeadingOnes(Tensor p, int rank) {
        int[] s = p.shape();
        int lead = 0;
        while (s.length - lead > rank && s[lead] == 1) lead++;
        return lead == 0 ? p : p.reshape(Arrays.copyOfRange(s, lead, s.length));
    }

    /** A per-channel parameter of exactly {@code count} elements (BatchNormalization, InstanceNormalization). */
    static Tensor requireCount(NodeContext node, Tensor p, int count, int input) {
        if (p == null) throw node.invalid("input " + input + " is required");
        if (p.size() != count) throw node.badShape(input, "[" + count + "]", p.shape());
        return p;
    }
}
