package dev.jinn.ops.math;

import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.ops.NodeContext;

/** Add-7/13/14: a + b, broadcast; integers wrap. */
public final class Add extends Binary {
    public Add(NodeContext node) {
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

    @Override
    protected long l(long a, long b) {
        return a + b;
    }
}
