package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Reciprocal-6/13: 1 / x. */
public final class Reciprocal extends Unary {
    public Reciprocal(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return 1.0 / x;
    }
}
