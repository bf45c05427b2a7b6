package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Acosh-9/22: inverse hyperbolic cosine. */
public final class Acosh extends Unary {
    public Acosh(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.log(x + Math.sqrt(x * x - 1));
    }
}
