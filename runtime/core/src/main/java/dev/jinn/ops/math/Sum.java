package dev.jinn.ops.math;

import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.ops.NodeContext;

/** Sum-6/8/13: elementwise sum of one or more inputs, broadcast. */
public final class Sum extends Variadic {
    public Sum(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernel.Arith arith() {
        return ElementwiseKernel.Arith.ADD;
    }

    @Override
    protected double d(double a, double b) {
        return a + b;
    }
}
