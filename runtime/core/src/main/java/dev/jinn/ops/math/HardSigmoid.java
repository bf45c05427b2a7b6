package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** HardSigmoid-6/22: max(0, min(1, alpha * x + beta)), alpha = 0.2, beta = 0.5. */
public final class HardSigmoid extends Unary {
    private final double alpha;
    private final double beta;

    public HardSigmoid(NodeContext node) {
        super(node);
        alpha = node.getFloat("alpha", 0.2f);
        beta = node.getFloat("beta", 0.5f);
    }

    @Override
    protected double d(double x) {
        return Math.max(0, Math.min(1, alpha * x + beta));
    }
}
