package dev.jinn.ops.math;

import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.kernels.elementwise.ScalarElementwiseKernel;
import dev.jinn.ops.NodeContext;

/** Erf-9/13: the error function; integer inputs are computed in double and truncated. */
public final class Erf extends Unary {
    public Erf(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernel.Fn vector() {
        return ElementwiseKernel.Fn.ERF;
    }

    @Override
    protected double d(double x) {
        return ScalarElementwiseKernel.erf(x);
    }

    @Override
    protected long l(long x) {
        return (long) ScalarElementwiseKernel.erf((double) x);
    }
}
