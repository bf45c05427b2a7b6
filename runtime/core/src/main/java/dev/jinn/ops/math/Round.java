package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Round-11/22: to the nearest integer, halves to even. */
public final class Round extends Unary {
    public Round(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.rint(x);
    }
}
