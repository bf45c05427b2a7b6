package dev.jinn.ops.math;

import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.ops.NodeContext;

/** Mul-7/13/14: a * b, broadcast; integers wrap. */
public final class Mul extends Binary {
    public Mul(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernel.Arith arith() {
        return ElementwiseKernel.Arith.MUL;
    }

    @Override
    protected double d(double a, double b) {
        return a * b;
    }

    @Override
    protected long l(long a, long b) {
        return a * b;
    }
}
