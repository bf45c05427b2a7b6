package dev.jinn.kernels.reduce;

import dev.jinn.kernels.Broadcast;

/**
 * Reductions over any set of axes. The plan is a {@link Broadcast} of the kept shape (reduced dims
 * set to 1) to the input shape: walking it visits the input in order, and input 0's offset is the
 * output element each input element folds into. Float data accumulates in double.
 */
public final class Reductions {
    private Reductions() {}

    public enum Reduction { SUM, MEAN, MAX, MIN, PROD, L1, L2, SUM_SQUARE, LOG_SUM, LOG_SUM_EXP }

    /** Whether {@code r} is exact in int64 arithmetic; the rest go through double. */
    public static boolean integral(Reduction r) {
        return switch (r) {
            case SUM, MEAN, MAX, MIN, PROD, L1, SUM_SQUARE -> true;
            default -> false;
        };
    }

    /** Reduces {@code x} into {@code outSize} values, {@code count} inputs each. */
    public static double[] reduce(Reduction r, double[] x, Broadcast plan, int outSize, long count) {
        double[] acc = new double[outSize];
        double init = switch (r) {
            case MAX, LOG_SUM_EXP -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            case PROD -> 1;
            default -> 0;
        };
        java.util.Arrays.fill(acc, init);
        int st = plan.stride(0);
        plan.forRuns(0, plan.runs(), (off, o, n) -> {
            int a = off[0];
            for (int i = 0; i < n; i++) {
                double v = x[o + i];
                int k = a + i * st;
                acc[k] = switch (r) {
                    case MAX, LOG_SUM_EXP -> Math.max(acc[k], v);
                    case MIN -> Math.min(acc[k], v);
                    case PROD -> acc[k] * v;
                    case L1 -> acc[k] + Math.abs(v);
                    case L2, SUM_SQUARE -> acc[k] + v * v;
                    default -> acc[k] + v;
                };
            }
        });
        if (r == Reduction.LOG_SUM_EXP) {
            // log(sum(exp(x))) = m + log(sum(exp(x - m))) with m the max: no overflow for large x.
            double[] sum = new double[outSize];
            plan.forRuns(0, plan.runs(), (off, o, n) -> {
                for (int i = 0; i < n; i++) {
                    int k = off[0] + i * st;
                    if (!Double.isInfinite(acc[k])) sum[k] += Math.exp(x[o + i] - acc[k]);
                }
            });
            for (int k = 0; k < outSize; k++) if (!Double.isInfinite(acc[k])) acc[k] += Math.log(sum[k]);
            return acc;
        }
        for (int k = 0; k < outSize; k++) {
            acc[k] = switch (r) {
                case MEAN -> acc[k] / count;
                case L2 -> Math.sqrt(acc[k]);
                case LOG_SUM -> Math.log(acc[k]);
                default -> acc[k];
            };
        }
        return acc;
    }

    /** The {@link #integral} reductions in int64 (wrapping); MEAN truncates toward zero. */
    public static long[] reduce(Reduction r, long[] x, Broadcast plan, int outSize, long count, long min, long max) {
        long[] acc = new long[outSize];
        java.util.Arrays.fill(acc, switch (r) {
            case MAX -> min;
            case MIN -> max;
            case PROD -> 1;
            default -> 0;
        });
        int st = plan.stride(0);
        plan.forRuns(0, plan.runs(), (off, o, n) -> {
            for (int i = 0; i < n; i++) {
                long v = x[o + i];
                int k = off[0] + i * st;
                acc[k] = switch (r) {
                    case MAX -> Math.max(acc[k], v);
                    case MIN -> Math.min(acc[k], v);
                    case PROD -> acc[k] * v;
                    case L1 -> acc[k] + Math.abs(v);
                    case SUM_SQUARE -> acc[k] + v * v;
                    case SUM, MEAN -> acc[k] + v;
                    default -> throw new IllegalArgumentException(r + " is not computed in int64");
                };
            }
        });
        if (r == Reduction.MEAN && count > 0) for (int k = 0; k < outSize; k++) acc[k] /= count;
        return acc;
    }
}
