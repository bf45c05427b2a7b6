package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Neg-6/13: -x, for floats and signed integers. */
public final class Neg extends Unary {
    public Neg(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return -x;
    }

    @Override
    protected float f(float x) {
        return -x;
    }

    @Override
    protected long l(long x) {
        return -x;
    }
}
