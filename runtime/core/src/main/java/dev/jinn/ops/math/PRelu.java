package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** PRelu-7/9/16: x, or slope * x below zero; slope broadcasts to x. */
public final class PRelu extends Binary {
    public PRelu(NodeContext node) {
        super(node);
    }

    @Override
    protected float f(float x, float slope) {
        return x < 0 ? slope * x : x;
    }

    @Override
    protected double d(double x, double slope) {
        return x < 0 ? slope * x : x;
    }

    @Override
    protected long l(long x, long slope) {
        return x < 0 ? slope * x : x;
    }
}
