package dev.jinn.ops.reduce;

import dev.jinn.kernels.reduce.Reductions.Reduction;
import dev.jinn.ops.NodeContext;

/** ReduceMean: the mean over the given axes; axes are an input from version 18. */
public final class ReduceMean extends Reduce {
    public ReduceMean(NodeContext node) {
        super(node, Reduction.MEAN, 18);
    }
}
