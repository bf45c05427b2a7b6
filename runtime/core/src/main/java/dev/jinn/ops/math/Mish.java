package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Mish-18/22: x * tanh(softplus(x)). */
public final class Mish extends Unary {
    public Mish(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return x * Math.tanh(x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
    }
}
