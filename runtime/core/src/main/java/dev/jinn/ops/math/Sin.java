package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Sin-7/22: sin(x). */
public final class Sin extends Unary {
    public Sin(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.sin(x);
    }
}
