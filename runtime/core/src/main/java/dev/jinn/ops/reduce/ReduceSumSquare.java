package dev.jinn.ops.reduce;

import dev.jinn.kernels.reduce.Reductions.Reduction;
import dev.jinn.ops.NodeContext;

/** ReduceSumSquare: the sum of squares over the given axes; axes are an input from version 18. */
public final class ReduceSumSquare extends Reduce {
    public ReduceSumSquare(NodeContext node) {
        super(node, Reduction.SUM_SQUARE, 18);
    }
}
