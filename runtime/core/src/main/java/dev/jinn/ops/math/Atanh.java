package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Atanh-9/22: inverse hyperbolic tangent. */
public final class Atanh extends Unary {
    public Atanh(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }
}
