package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Asin-7/22: asin(x). */
public final class Asin extends Unary {
    public Asin(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.asin(x);
    }
}
