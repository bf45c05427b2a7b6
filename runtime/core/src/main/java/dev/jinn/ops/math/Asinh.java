package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Asinh-9/22: inverse hyperbolic sine. */
public final class Asinh extends Unary {
    public Asinh(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.log(x + Math.sqrt(x * x + 1));
    }
}
