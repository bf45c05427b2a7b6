package dev.jinn.ops.math;

import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.ops.NodeContext;

/** Relu-6/13/14: max(x, 0); Relu-14 takes signed integers too. */
public final class Relu extends Unary {
    public Relu(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernel.Fn vector() {
        return ElementwiseKernel.Fn.RELU;
    }

    @Override
    protected double d(double x) {
        return x > 0 ? x : x == x ? 0.0 : x;
    }

    @Override
    protected long l(long x) {
        return Math.max(x, 0);
    }
}
