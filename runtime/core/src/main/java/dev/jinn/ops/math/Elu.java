package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Elu-6/22: x, or alpha * (e^x - 1) below zero (alpha = 1). */
public final class Elu extends Unary {
    private final double alpha;

    public Elu(NodeContext node) {
        super(node);
        alpha = node.getFloat("alpha", 1f);
    }

    @Override
    protected double d(double x) {
        return x < 0 ? alpha * Math.expm1(x) : x;
    }
}
