package dev.jinn.ops.math;

import dev.jinn.kernels.ElementwiseKernels;
import dev.jinn.ops.NodeContext;

/** Erf-9/13: the error function; integer inputs are computed in double and truncated. */
public final class Erf extends Unary {
    public Erf(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernels.Fn vector() {
        return ElementwiseKernels.Fn.ERF;
    }

    @Override
    protected double d(double x) {
        return ElementwiseKernels.erf(x);
    }

    @Override
    protected long l(long x) {
        return (long) ElementwiseKernels.erf((double) x);
    }
}
