package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Softplus-1/22: log(1 + e^x), without overflow for large x. */
public final class Softplus extends Unary {
    public Softplus(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }
}
