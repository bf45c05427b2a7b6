package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Cosh-9/22: cosh(x). */
public final class Cosh extends Unary {
    public Cosh(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.cosh(x);
    }
}
