package dev.jinn.ops.reduce;

import dev.jinn.kernels.reduce.Reductions.Reduction;
import dev.jinn.ops.NodeContext;

/** ReduceLogSum: the log of the sum over the given axes; axes are an input from version 18. */
public final class ReduceLogSum extends Reduce {
    public ReduceLogSum(NodeContext node) {
        super(node, Reduction.LOG_SUM, 18);
    }
}
