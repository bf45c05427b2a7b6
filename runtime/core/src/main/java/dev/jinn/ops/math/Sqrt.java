package dev.jinn.ops.math;

import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.ops.NodeContext;

/** Sqrt-6/13: square root; negative gives NaN. */
public final class Sqrt extends Unary {
    public Sqrt(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernel.Fn vector() {
        return ElementwiseKernel.Fn.SQRT;
    }

    @Override
    protected double d(double x) {
        return Math.sqrt(x);
    }
}
