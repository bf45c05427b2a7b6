package dev.jinn.ops.math;

import dev.jinn.kernels.ElementwiseKernels;
import dev.jinn.ops.NodeContext;

/** Exp-6/13: e^x. */
public final class Exp extends Unary {
    public Exp(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernels.Fn vector() {
        return ElementwiseKernels.Fn.EXP;
    }

    @Override
    protected double d(double x) {
        return Math.exp(x);
    }
}
