package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Sinh-9/22: sinh(x). */
public final class Sinh extends Unary {
    public Sinh(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.sinh(x);
    }
}
