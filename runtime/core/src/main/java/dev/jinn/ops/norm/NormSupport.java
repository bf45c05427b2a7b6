package dev.jinn.ops.norm;

import dev.jinn.kernels.norm.NormKernel;
import dev.jinn.ops.NodeContext;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.Arrays;

/** Checks and parameter shaping that the normalization ops share. */
final class NormSupport {
    private NormSupport() {}

    /**
     * One thread's statistics of up to {@link NormKernel#ROWS} consecutive rows, taken together in
     * two passes: the sums around each row's first element give its mean, then the squares around
     * that mean rounded to float give its variance ({@link #invStd}).
     */
    static final class RowStats {
        private final float[] shift = new float[NormKernel.ROWS];
        private final double[] sums = new double[NormKernel.ROWS];
        /** Row k's mean (0 for an uncentered row), that mean rounded to float, and 1 / sqrt(variance + eps). */
        final double[] mean = new double[NormKernel.ROWS];
        final float[] center = new float[NormKernel.ROWS];
        final double[] invStd = new double[NormKernel.ROWS];

        /** Statistics of {@code rows} consecutive rows of length n from {@code off}. */
        void take(NormKernel k, float[] x, int off, int n, int rows, boolean centered, float eps) {
            boolean sums = centered && n > 0;
            if (sums) {
                for (int j = 0; j < rows; j++) shift[j] = x[off + j * n];
                k.shiftedSums(x, off, n, rows, shift, this.sums);
            }
            for (int j = 0; j < rows; j++) {
                mean[j] = sums ? shift[j] + this.sums[j] / n : 0;
                center[j] = (float) mean[j];
            }
            k.centeredSquares(x, off, n, rows, center, this.sums);
            for (int j = 0; j < rows; j++) invStd[j] = invStd(n, eps, mean[j], this.sums[j]);
        }
    }

    /**
     * 1 / sqrt(variance + eps) of a row of n floats with mean {@code mu}, from its sum of squares
     * around the float center (float) mu: a two-pass variance, corrected by the (tiny) distance from
     * the center to the mean.
     */
    static double invStd(int n, float eps, double mu, double centeredSquares) {
        double d = mu - (float) mu;
        return 1.0 / Math.sqrt(Math.max(centeredSquares / n - d * d, 0) + eps);
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
