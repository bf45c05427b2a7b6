package dev.jinn.ops.reduce;

import dev.jinn.kernels.reduce.Reductions.Reduction;
import dev.jinn.ops.NodeContext;

/** ReduceProd: the product over the given axes; axes are an input from version 18. */
public final class ReduceProd extends Reduce {
    public ReduceProd(NodeContext node) {
        super(node, Reduction.PROD, 18);
    }
}
