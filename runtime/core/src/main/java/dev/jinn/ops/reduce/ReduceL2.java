package dev.jinn.ops.reduce;

import dev.jinn.kernels.reduce.Reductions.Reduction;
import dev.jinn.ops.NodeContext;

/** ReduceL2: the square root of the sum of squares over the given axes; axes are an input from version 18. */
public final class ReduceL2 extends Reduce {
    public ReduceL2(NodeContext node) {
        super(node, Reduction.L2, 18);
    }
}
