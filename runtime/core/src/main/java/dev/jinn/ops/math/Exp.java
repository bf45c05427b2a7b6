package dev.jinn.ops.math;

import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.ops.NodeContext;

/** Exp-6/13: e^x. */
public final class Exp extends Unary {
    public Exp(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernel.Fn vector() {
        return ElementwiseKernel.Fn.EXP;
    }

    @Override
    protected double d(double x) {
        return Math.exp(x);
    }
}
