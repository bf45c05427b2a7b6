package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Softsign-1/22: x / (1 + |x|). */
public final class Softsign extends Unary {
    public Softsign(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return x / (1 + Math.abs(x));
    }
}
