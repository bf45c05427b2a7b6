package dev.jinn.ops.reduce;

import dev.jinn.kernels.reduce.Reductions.Reduction;
import dev.jinn.ops.NodeContext;

/** ReduceMax: the maximum (bool from ReduceMax-20) over the given axes; axes are an input from version 18. */
public final class ReduceMax extends Reduce {
    public ReduceMax(NodeContext node) {
        super(node, Reduction.MAX, 18);
    }
}
