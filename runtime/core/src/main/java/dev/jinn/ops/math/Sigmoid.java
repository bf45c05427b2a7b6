package dev.jinn.ops.math;

import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.ops.NodeContext;

/** Sigmoid-6/13: 1 / (1 + e^-x). */
public final class Sigmoid extends Unary {
    public Sigmoid(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernel.Fn vector() {
        return ElementwiseKernel.Fn.SIGMOID;
    }

    @Override
    protected double d(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
