package dev.jinn.ops.logic;

import dev.jinn.ops.NodeContext;

/** Greater-7/9/13: a > b. */
public final class Greater extends BinaryPredicate {
    public Greater(NodeContext node) {
        super(node);
    }

    @Override
    protected boolean d(double a, double b) {
        return a > b;
    }

    @Override
    protected boolean l(long a, long b) {
        return a > b;
    }
}
