package dev.jinn.ops.math;

import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.ops.NodeContext;

/** Tanh-6/13: hyperbolic tangent. */
public final class Tanh extends Unary {
    public Tanh(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernel.Fn vector() {
        return ElementwiseKernel.Fn.TANH;
    }

    @Override
    protected double d(double x) {
        return Math.tanh(x);
    }
}
