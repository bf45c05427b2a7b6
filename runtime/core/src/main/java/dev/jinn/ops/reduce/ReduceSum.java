package dev.jinn.ops.reduce;

import dev.jinn.kernels.reduce.Reductions.Reduction;
import dev.jinn.ops.NodeContext;

/** ReduceSum: the sum over the given axes; axes are an input from version 13. */
public final class ReduceSum extends Reduce {
    public ReduceSum(NodeContext node) {
        super(node, Reduction.SUM, 13);
    }
}
