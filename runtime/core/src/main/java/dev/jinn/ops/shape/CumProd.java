package dev.jinn.ops.shape;

import dev.jinn.ops.NodeContext;

/** CumProd-26: running products along an axis. */
public final class CumProd extends Cumulative {
    public CumProd(NodeContext node) {
        super(node, true);
    }
}
