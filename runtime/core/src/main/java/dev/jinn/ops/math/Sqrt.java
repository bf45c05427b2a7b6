package dev.jinn.ops.math;

import dev.jinn.kernels.ElementwiseKernels;
import dev.jinn.ops.NodeContext;

/** Sqrt-6/13: square root; negative gives NaN. */
public final class Sqrt extends Unary {
    public Sqrt(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernels.Fn vector() {
        return ElementwiseKernels.Fn.SQRT;
    }

    @Override
    protected double d(double x) {
        return Math.sqrt(x);
    }
}
