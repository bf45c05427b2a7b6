package dev.jinn.ops.reduce;

import dev.jinn.kernels.reduce.Reductions.Reduction;
import dev.jinn.ops.NodeContext;

/** ReduceLogSumExp: the log of the sum of exponentials, computed stably over the given axes; axes are an input from version 18. */
public final class ReduceLogSumExp extends Reduce {
    public ReduceLogSumExp(NodeContext node) {
        super(node, Reduction.LOG_SUM_EXP, 18);
    }
}
