package dev.jinn.ops.reduce;

import dev.jinn.ops.NodeContext;

/** ArgMin-1/11/12/13: the index of the minimum along an axis. */
public final class ArgMin extends ArgExtreme {
    public ArgMin(NodeContext node) {
        super(node, false);
    }
}
