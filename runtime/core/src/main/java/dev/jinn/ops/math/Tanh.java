package dev.jinn.ops.math;

import dev.jinn.kernels.ElementwiseKernels;
import dev.jinn.ops.NodeContext;

/** Tanh-6/13: hyperbolic tangent. */
public final class Tanh extends Unary {
    public Tanh(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernels.Fn vector() {
        return ElementwiseKernels.Fn.TANH;
    }

    @Override
    protected double d(double x) {
        return Math.tanh(x);
    }
}
