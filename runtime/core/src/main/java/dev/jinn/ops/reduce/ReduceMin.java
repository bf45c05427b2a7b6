package dev.jinn.ops.reduce;

import dev.jinn.kernels.reduce.Reductions.Reduction;
import dev.jinn.ops.NodeContext;

/** ReduceMin: the minimum (bool from ReduceMin-20) over the given axes; axes are an input from version 18. */
public final class ReduceMin extends Reduce {
    public ReduceMin(NodeContext node) {
        super(node, Reduction.MIN, 18);
    }
}
