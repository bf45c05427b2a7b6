package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** LeakyRelu-6/16: x, or alpha * x below zero (alpha = 0.01). */
public final class LeakyRelu extends Unary {
    private final double alpha;

    public LeakyRelu(NodeContext node) {
        super(node);
        alpha = node.getFloat("alpha", 0.01f);
    }

    @Override
    protected double d(double x) {
        return x < 0 ? alpha * x : x;
    }
}
