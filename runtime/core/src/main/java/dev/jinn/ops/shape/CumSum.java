package dev.jinn.ops.shape;

import dev.jinn.ops.NodeContext;

/** CumSum-11/14: running sums along an axis. */
public final class CumSum extends Cumulative {
    public CumSum(NodeContext node) {
        super(node, false);
    }
}
