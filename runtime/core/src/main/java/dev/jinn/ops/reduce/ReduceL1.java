package dev.jinn.ops.reduce;

import dev.jinn.kernels.reduce.Reductions.Reduction;
import dev.jinn.ops.NodeContext;

/** ReduceL1: the sum of absolute values over the given axes; axes are an input from version 18. */
public final class ReduceL1 extends Reduce {
    public ReduceL1(NodeContext node) {
        super(node, Reduction.L1, 18);
    }
}
