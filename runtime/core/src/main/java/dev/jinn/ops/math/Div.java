package dev.jinn.ops.math;

import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.ops.NodeContext;

/** Div-7/13/14: a / b, broadcast; integer division truncates toward zero (C, as ONNX Runtime does). */
public final class Div extends Binary {
    public Div(NodeContext node) {
        super(node);
    }

    @Override
    protected ElementwiseKernel.Arith arith() {
        return ElementwiseKernel.Arith.DIV;
    }

    @Override
    protected double d(double a, double b) {
        return a / b;
    }

    @Override
    protected long l(long a, long b) {
        if (b == 0) throw node.invalid("integer division by zero");
        return a / b;
    }

    @Override
    protected long u(long a, long b) {
        if (b == 0) throw node.invalid("integer division by zero");
        return Long.divideUnsigned(a, b);
    }
}
