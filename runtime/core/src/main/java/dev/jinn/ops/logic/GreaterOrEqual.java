package dev.jinn.ops.logic;

import dev.jinn.ops.NodeContext;

/** GreaterOrEqual-12/16: a >= b. */
public final class GreaterOrEqual extends BinaryPredicate {
    public GreaterOrEqual(NodeContext node) {
        super(node);
    }

    @Override
    protected boolean d(double a, double b) {
        return a >= b;
    }

    @Override
    protected boolean l(long a, long b) {
        return a >= b;
    }
}
