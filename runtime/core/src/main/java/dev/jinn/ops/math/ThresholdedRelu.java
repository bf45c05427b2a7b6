package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** ThresholdedRelu-10/22: x where x > alpha, else 0 (alpha = 1). */
public final class ThresholdedRelu extends Unary {
    private final double alpha;

    public ThresholdedRelu(NodeContext node) {
        super(node);
        alpha = node.getFloat("alpha", 1f);
    }

    @Override
    protected double d(double x) {
        return x > alpha ? x : 0;
    }
}
