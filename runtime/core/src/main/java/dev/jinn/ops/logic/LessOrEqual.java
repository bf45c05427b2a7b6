package dev.jinn.ops.logic;

import dev.jinn.ops.NodeContext;

/** LessOrEqual-12/16: a <= b. */
public final class LessOrEqual extends BinaryPredicate {
    public LessOrEqual(NodeContext node) {
        super(node);
    }

    @Override
    protected boolean d(double a, double b) {
        return a <= b;
    }

    @Override
    protected boolean l(long a, long b) {
        return a <= b;
    }
}
