package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Floor-6/13: round toward -inf. */
public final class Floor extends Unary {
    public Floor(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.floor(x);
    }
}
