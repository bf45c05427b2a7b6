package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Sign-9/13: -1, 0 or 1 (NaN stays NaN), for floats and integers. */
public final class Sign extends Unary {
    public Sign(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.signum(x);
    }

    @Override
    protected long l(long x) {
        return Long.signum(x);
    }
}
