package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** BitwiseNot-18: ~x for integers. */
public final class BitwiseNot extends Unary {
    public BitwiseNot(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        throw node.invalid("expected integer input");
    }

    @Override
    protected long l(long x) {
        return ~x;
    }
}
