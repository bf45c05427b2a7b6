package dev.jinn.ops.math;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.tensor.Tensor;

/** Mean-6/8/13: elementwise mean of one or more float inputs, broadcast. */
public final class Mean extends Variadic {
    public Mean(NodeContext node) {
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
    protected Tensor finish(Tensor sum, int inputs, ExecContext ctx) {
        if (Elementwise.kind(sum.dtype()) == Elementwise.Kind.LONG) throw Elementwise.badType(node, 0, sum.dtype());
        Tensor count = Cast.convert(Tensor.scalar((float) inputs), sum.dtype());
        return new Div(node).apply(sum, count, ctx);
    }
}
