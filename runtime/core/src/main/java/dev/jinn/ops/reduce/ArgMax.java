package dev.jinn.ops.reduce;

import dev.jinn.ops.NodeContext;

/** ArgMax-1/11/12/13: the index of the maximum along an axis. */
public final class ArgMax extends ArgExtreme {
    public ArgMax(NodeContext node) {
        super(node, true);
    }
}
