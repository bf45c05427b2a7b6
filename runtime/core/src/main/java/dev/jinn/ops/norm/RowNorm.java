package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.norm.NormKernel;
import dev.jinn.kernels.norm.NormKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.Arrays;

/**
 * The layer-norm family over an [M, N] view: each row is centered (layer norm) or not (RMS norm),
 * divided by sqrt(variance + eps), scaled and shifted. Rows are split across the intra-op threads;
 * each row is computed the same way whatever the split, so results do not depend on the thread count.
 *
 * <p>Each row is summed around its first element, and its squares and the output are centered on
 * its mean rounded to float ({@link NormSupport.RowStats}): both subtractions are exact for values
 * near the row's, so a row of 1e6 + small noise keeps the noise. Large tensors take each row's mean
 * and M2 in one pass instead, also around its first element ({@link #pipeline}); {@link RowPlan}
 * says which.
 */
final class RowNorm {
    private RowNorm() {}

    /**
     * One normalization, as the ONNX specs put it: X over dims [axis, rank), centered on each row's
     * mean (layer norm) or not (RMS norm), divided by sqrt(variance + epsilon) with statistics in
     * the stash type; then times Scale and plus B (null where there is none), each named by its
     * input index in messages; and which of the optional outputs Mean and InvStdDev are wanted.
     */
    record Request(Tensor x, long axis, boolean centered, float epsilon, int stashType, Tensor scale, int scaleInput,
                   Tensor bias, int biasInput, boolean wantMean, boolean wantInvStd) {
        /** Layer normalization of X: no affine inputs and no optional outputs yet. */
        static Request layerNorm(Tensor x, long axis, float epsilon, int stashType) {
            return new Request(x, axis, true, epsilon, stashType, null, -1, null, -1, false, false);
        }

        /** RMS normalization of X: no affine inputs and no optional outputs yet. */
        static Request rmsNorm(Tensor x, long axis, float epsilon, int stashType) {
            return new Request(x, axis, false, epsilon, stashType, null, -1, null, -1, false, false);
        }

        /** Times {@code scale}, input {@code input} of the node (required). */
        Request scale(Tensor scale, int input) {
            return new Request(x, axis, centered, epsilon, stashType, scale, input, bias, biasInput, wantMean, wantInvStd);
        }

        /** Plus {@code bias}, input {@code input} of the node (absent where null). */
        Request bias(Tensor bias, int input) {
            return new Request(x, axis, centered, epsilon, stashType, scale, scaleInput, bias, input, wantMean, wantInvStd);
        }

        /** With the optional Mean output where {@code wanted}. */
        Request mean(boolean wanted) {
            return new Request(x, axis, centered, epsilon, stashType, scale, scaleInput, bias, biasInput, wanted, wantInvStd);
        }

        /** With the optional InvStdDev output where {@code wanted}. */
        Request invStd(boolean wanted) {
            return new Request(x, axis, centered, epsilon, stashType, scale, scaleInput, bias, biasInput, wantMean, wanted);
        }
    }

    /** Y, and the per-row mean and inverse standard deviation where asked for (else null). */
    record Outputs(Tensor y, Tensor mean, Tensor invStd) {}

    /**
     * X as the skip layer norms make it, {@code input + skip (+ bias)}: all three as long as X but
     * bias (null where absent), which repeats every row. Each row is added just before it is
     * normalized, on the thread that normalizes it ({@link #skipRows}).
     */
    record SkipSum(float[] input, float[] skip, float[] bias) {}

    /**
     * Runs {@code r}: Scale and B broadcast to the normalized dims or to X; statistics are returned
     * in the stash type, computed in float64 for stash_type 11 or a float64 X, else in float32.
     */
    static Outputs compute(NodeContext node, ExecContext ctx, Request r) {
        return compute(node, ctx, r, null, false);
    }

    /**
     * {@link #compute(NodeContext, ExecContext, Request)} where X's float32 rows are first to be
     * made as {@code skip} says (if not null), as the skip layer norms do. With {@code overwriteX}, X's float32 array belongs to
     * the caller alone and Y is written over it (each element is read before it is written, and the
     * rows ahead are only read).
     */
    static Outputs compute(NodeContext node, ExecContext ctx, Request r, SkipSum skip, boolean overwriteX) {
        Tensor x = r.x(), scaleT = r.scale(), biasT = r.bias();
        int scaleInput = r.scaleInput(), biasInput = r.biasInput();
        boolean centered = r.centered(), wantMean = r.wantMean(), wantInvStd = r.wantInvStd();
        float eps = r.epsilon();
        NormSupport.requireFloat(node, x, 0);
        if (scaleT == null) throw node.invalid("input " + scaleInput + " (scale) is required");
        int[] shape = x.shape();
        int axis = NormSupport.axis(node, r.axis(), shape.length);
        int m = Shapes.size(shape, 0, axis);
        int n = Shapes.size(shape, axis, shape.length);
        int[] normShape = Arrays.copyOfRange(shape, axis, shape.length);
        int stride = Math.max(NormSupport.paramStride(scaleT, normShape, n), NormSupport.paramStride(biasT, normShape, n));
        int[] paramShape = stride == 0 ? normShape : shape;
        int[] statShape = NormSupport.statShape(shape, axis);
        DataType statType = r.stashType() == DataType.DOUBLE.code() ? DataType.DOUBLE : DataType.FLOAT;
        ctx.reserve(node.describe() + " output", x.byteSize());
        if (statType == DataType.DOUBLE || x.dtype() == DataType.DOUBLE) {
            double[] xs = Tensors.doubles(x);
            double[] scale = NormSupport.doubles(node, scaleT, paramShape, scaleInput);
            double[] bias = NormSupport.doubles(node, biasT, paramShape, biasInput);
            double[] y = new double[xs.length];
            double[] mean = wantMean ? new double[m] : null;
            double[] inv = wantInvStd ? new double[m] : null;
            run(ctx, xs, m, n, centered, eps, scale, bias, stride, y, mean, inv);
            return new Outputs(Tensors.fromDoubles(y, x.dtype(), shape),
                    mean == null ? null : Tensors.fromDoubles(mean, statType, statShape),
                    inv == null ? null : Tensors.fromDoubles(inv, statType, statShape));
        }
        float[] xs = Tensors.floats(x);
        float[] scale = NormSupport.floats(node, scaleT, paramShape, scaleInput);
        float[] bias = NormSupport.floats(node, biasT, paramShape, biasInput);
        float[] y = overwriteX && x.dtype() == DataType.FLOAT ? xs
                : x.dtype() == DataType.FLOAT ? ctx.outputFloats(xs.length) : new float[xs.length];
        float[] mean = wantMean ? new float[m] : null;
        float[] inv = wantInvStd ? new float[m] : null;
        run(ctx, Kernels.norm(), xs, m, n, centered, eps, scale, bias, stride, y, mean, inv, skip);
        return new Outputs(Tensors.fromFloats(y, x.dtype(), shape),
                mean == null ? null : Tensors.fromFloats(mean, statType, statShape),
                inv == null ? null : Tensors.fromFloats(inv, statType, statShape));
    }

    /**
     * Float32 rows. {@code scale}/{@code bias} hold N values, or M*N when {@code paramStride} is N;
     * {@code bias}, {@code mean}, {@code invStd} and {@code skip} may be null.
     */
    static void run(ExecContext ctx, NormKernel k, float[] x, int m, int n, boolean centered, float eps, float[] scale,
                    float[] bias, int paramStride, float[] y, float[] mean, float[] invStd, SkipSum skip) {
        run(ctx, k, x, m, n, centered, eps, scale, bias, paramStride, y, mean, invStd, skip, RowPlan.of(m, n));
    }

    /** {@link #run} with the way rows are taken given. */
    static void run(ExecContext ctx, NormKernel k, float[] x, int m, int n, boolean centered, float eps, float[] scale,
                    float[] bias, int paramStride, float[] y, float[] mean, float[] invStd, SkipSum skip,
                    RowPlan plan) {
        // A row is read three times and written once, with the parameters read beside it.
        ctx.parallelFor(m, 4L * n, (from, to) -> {
            Rows g = new Rows();
            if (skip != null) skipRows(k, x, n, centered, eps, scale, bias, y, mean, invStd, skip, from, to, g.next);
            else rows(k, x, n, centered, eps, scale, bias, paramStride, y, mean, invStd, from, to, g, plan);
        });
    }

    /**
     * Rows [from, to) of the skip layer norms, one at a time: the row's sum made (one pass over the
     * three inputs, writing X), its statistics taken and its output written, both from L1. Each
     * input is read once from memory and X's row is written once (Y goes over it where the sum is
     * not an output), where making the sum in blocks ahead of a pipeline sent each block through L2
     * twice. The scale and bias are the same for every row (paramStride 0).
     */
    private static void skipRows(NormKernel k, float[] x, int n, boolean centered, float eps, float[] scale,
                                 float[] bias, float[] y, float[] mean, float[] invStd, SkipSum skip, int from, int to,
                                 double[] stats) {
        if (n == 0) return;
        for (int r = from; r < to; r++) {
            int off = r * n;
            k.addSkip(skip.input(), skip.skip(), skip.bias(), x, r, r + 1, n);
            double mu = 0, variance;
            if (centered) {
                float shift = x[off];
                k.shiftedStats(x, off, n, shift, stats);
                mu = shift + stats[0];
                variance = stats[1] / n;
            } else {
                variance = k.centeredSumSquares(x, off, n, 0) / n;
            }
            double inv = 1.0 / Math.sqrt(variance + eps);
            float center = (float) mu;
            // The rest of the mean, which the float center cannot hold, is folded into the output.
            float offset = (float) (-(mu - center) * inv);
            if (mean != null) mean[r] = center;
            if (invStd != null) invStd[r] = (float) inv;
            NormKernels.forSpread(k, inv).normalize(x, off, n, center, (float) inv, offset, scale, 0, bias, 0, y, off);
        }
    }

    /** One thread's statistics of the rows it normalizes together, as the kernel takes them. */
    private static final class Rows {
        final NormSupport.RowStats stats = new NormSupport.RowStats();
        final float[] inv = new float[NormKernel.ROWS];
        final float[] offset = new float[NormKernel.ROWS];
        /** The next row's mean (less its shift) and M2, for the pipeline. */
        final double[] next = new double[2];
    }

    /**
     * Rows [from, to) of {@link #run}, on the calling thread, up to {@link NormKernel#ROWS} at a time:
     * their statistics ({@link NormSupport.RowStats}), then one pass that writes them and reads each
     * scale and bias element once for all of them. The rows are still in L1 for the later passes.
     */
    private static void rows(NormKernel k, float[] x, int n, boolean centered, float eps, float[] scale, float[] bias,
                             int paramStride, float[] y, float[] mean, float[] invStd, int from, int to, Rows g,
                             RowPlan plan) {
        if (plan.pipelined()) {
            pipeline(k, x, n, centered, eps, scale, bias, paramStride, y, mean, invStd, from, to, g.next);
            return;
        }
        NormSupport.RowStats st = g.stats;
        int group = plan.groupRows();
        for (int r = from; r < to; r += group) {
            int rows = Math.min(group, to - r), off = r * n;
            st.take(k, x, off, n, rows, centered, eps);
            boolean together = paramStride == 0;
            for (int j = 0; j < rows; j++) {
                g.inv[j] = (float) st.invStd[j];
                // The rest of the mean, which the float center cannot hold, is folded into the output.
                g.offset[j] = (float) (-(st.mean[j] - st.center[j]) * st.invStd[j]);
                together &= NormKernels.forSpread(k, st.invStd[j]) == k;
                if (mean != null) mean[r + j] = st.center[j];
                if (invStd != null) invStd[r + j] = g.inv[j];
            }
            if (together) {
                k.normalizeRows(x, off, n, rows, st.center, g.inv, g.offset, scale, bias, 0, y);
                continue;
            }
            for (int j = 0; j < rows; j++) {
                int o = off + j * n, p = (r + j) * paramStride;
                NormKernels.forSpread(k, st.invStd[j]).normalize(x, o, n, st.center[j], g.inv[j], g.offset[j], scale, p, bias, p, y, o);
            }
        }
    }

    /**
     * Rows [from, to) one at a time, each written while the next one's statistics are taken in the
     * same pass, so that the next row is read from memory while this one is written and no row is
     * read twice: its mean and M2 ({@link NormKernel#normalizeThenStats}; an RMS row's mean square is
     * then M2 / n + mean^2, both taken around 0), or for an RMS row of {@link RowPlan#LONG_ROW} or
     * more, its plain sum of squares ({@link NormKernel#normalizeThenSquares}). RMSNorm
     * [4,1024,4096] took 4,482-4,763 µs so against 5,193-5,840 in two passes; at [8,512,768] the
     * sum of squares took 636-722 µs against 586-618 for the mean and M2 (`jinn bench`, alternated).
     * RMS rows without bias, mean output or per-row parameters go first to
     * {@link NormKernel#rmsRows}, which the vector kernel takes as one stream where their length
     * is a multiple of its vector (4,138-4,705 µs against 4,296-4,744 at [4,1024,4096]).
     */
    private static void pipeline(NormKernel k, float[] x, int n, boolean centered, float eps, float[] scale,
                                 float[] bias, int paramStride, float[] y, float[] mean, float[] invStd, int from,
                                 int to, double[] stats) {
        if (n == 0) return;
        boolean squares = !centered && n >= RowPlan.LONG_ROW;
        // RMS rows that the kernel takes as one stream, whole lines only (see NormKernel.rmsRows).
        if (squares && bias == null && paramStride == 0 && mean == null
                && k.rmsRows(x, n, from, to, eps, scale, y, invStd)) {
            return;
        }
        // The first row's statistics by the loop that takes the others', writing nothing: a kernel
        // method called once per run can stay C1-compiled (slow, and allocating) for thousands of runs.
        float shift = centered ? x[from * n] : 0;
        if (squares) {
            // Sums of squares leave the mean slot at 0 for every row, as an RMS row's mean is taken to be.
            stats[0] = 0;
            stats[1] = k.normalizeThenSquares(x, from * n, n, 0, scale, bias, 0, null, from * n);
        } else {
            k.normalizeThenStats(x, from * n, n, 0, 0, 0, scale, bias, 0, null, from * n, shift, stats);
        }
        float nextShift = centered && from + 1 < to ? x[(from + 1) * n] : 0;
        for (int r = from; r < to; r++) {
            int off = r * n, p = r * paramStride;
            double mu = shift + stats[0];
            double variance = centered ? stats[1] / n : stats[1] / n + stats[0] * stats[0];
            // An RMS row with an Inf has an infinite mean square (1 / std = 0, as in groups of four),
            // where its M2 is NaN.
            if (!centered && !(variance < Double.POSITIVE_INFINITY)) variance = k.centeredSumSquares(x, off, n, 0) / n;
            double inv = 1.0 / Math.sqrt(variance + eps);
            float center = centered ? (float) mu : 0;
            // The rest of the mean, which the float center cannot hold, is folded into the output.
            float offset = centered ? (float) (-(mu - center) * inv) : 0;
            if (mean != null) mean[r] = center;
            if (invStd != null) invStd[r] = (float) inv;
            NormKernel kk = NormKernels.forSpread(k, inv);
            boolean more = r + 1 < to;
            // Row r + 2's shift, read a row before its statistics are taken, so that they do not
            // wait for the first line of a row that is not in cache yet.
            float afterShift = centered && r + 2 < to ? x[off + 2 * n] : 0;
            // Written already where kk is not k: then only the next row's statistics are taken.
            float[] out = kk == k ? y : null;
            if (squares) {
                // A last row takes its own squares, unused, so that every row is written by one map
                // (normalize's differs in the sign of a zero) wherever the thread split ends.
                if (kk != k) kk.normalize(x, off, n, 0, (float) inv, 0, scale, p, bias, p, y, off);
                if (more || kk == k) stats[1] = k.normalizeThenSquares(x, off, n, (float) inv, scale, bias, p, out, more ? off + n : off);
            } else {
                if (kk != k || !more) kk.normalize(x, off, n, center, (float) inv, offset, scale, p, bias, p, y, off);
                if (more) k.normalizeThenStats(x, off, n, center, (float) inv, offset, scale, bias, p, out, off + n, nextShift, stats);
            }
            shift = nextShift;
            nextShift = afterShift;
        }
    }

    /** The same in float64, for double inputs and stash_type = 11. */
    static void run(ExecContext ctx, double[] x, int m, int n, boolean centered, double eps, double[] scale,
                    double[] bias, int paramStride, double[] y, double[] mean, double[] invStd) {
        ctx.parallelFor(m, 4L * n, (from, to) -> {
            for (int r = from; r < to; r++) {
                int off = r * n;
                double shift = centered && n > 0 ? x[off] : 0;
                double center = centered && n > 0 ? NormKernels.shiftedSum(x, off, n, shift) / n : 0;
                double var = NormKernels.centeredSumSquares(x, off, n, shift, center) / n;
                double inv = 1.0 / Math.sqrt(var + eps);
                NormKernels.normalize(x, off, n, shift, center, inv, scale, r * paramStride, bias, r * paramStride, y, off);
                if (mean != null) mean[r] = shift + center;
                if (invStd != null) invStd[r] = inv;
            }
        });
    }
}
