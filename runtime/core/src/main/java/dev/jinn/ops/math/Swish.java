package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Swish-24: x * sigmoid(alpha * x) (alpha = 1). */
public final class Swish extends Unary {
    private final double alpha;

    public Swish(NodeContext node) {
        super(node);
        alpha = node.getFloat("alpha", 1f);
    }

    @Override
    protected double d(double x) {
        double a = alpha * x;
        return x * (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a)));
    }
}
