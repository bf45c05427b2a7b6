package dev.jinn.ops.math;

import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.ops.NodeContext;

/** HardSwish-14/22: x * max(0, min(1, x / 6 + 0.5)). */
public final class HardSwish extends Unary {
    public HardSwish(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernel.Fn vector() {
        return ElementwiseKernel.Fn.HARD_SWISH;
    }

    @Override
    protected double d(double x) {
        return x * Math.max(0, Math.min(1, x / 6 + 0.5));
    }
}
