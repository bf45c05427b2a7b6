package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Abs-6/13: |x|, for floats and integers. */
public final class Abs extends Unary {
    public Abs(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.abs(x);
    }

    @Override
    protected float f(float x) {
        return Math.abs(x);
    }

    @Override
    protected long l(long x) {
        return Math.abs(x);
    }
}
