package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Tan-7/22: tan(x). */
public final class Tan extends Unary {
    public Tan(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.tan(x);
    }
}
