package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Ceil-6/13: round toward +inf. */
public final class Ceil extends Unary {
    public Ceil(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.ceil(x);
    }
}
