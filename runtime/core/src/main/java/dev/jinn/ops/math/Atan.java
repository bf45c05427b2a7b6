package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Atan-7/22: atan(x). */
public final class Atan extends Unary {
    public Atan(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.atan(x);
    }
}
