package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Min-6/8/12/13: elementwise minimum of one or more inputs, broadcast; NaN wins. */
public final class Min extends Variadic {
    public Min(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double a, double b) {
        return Math.min(a, b);
    }

    @Override
    protected float f(float a, float b) {
        return Math.min(a, b);
    }

    @Override
    protected long l(long a, long b) {
        return Math.min(a, b);
    }

    @Override
    protected long u(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
