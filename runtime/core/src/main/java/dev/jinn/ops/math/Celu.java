package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Celu-12: max(0, x) + min(0, alpha * (e^(x / alpha) - 1)) (alpha = 1). */
public final class Celu extends Unary {
    private final double alpha;

    public Celu(NodeContext node) {
        super(node);
        alpha = node.getFloat("alpha", 1f);
    }

    @Override
    protected double d(double x) {
        return Math.max(0, x) + Math.min(0, alpha * Math.expm1(x / alpha));
    }
}
