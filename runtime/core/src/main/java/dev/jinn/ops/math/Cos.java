package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Cos-7/22: cos(x). */
public final class Cos extends Unary {
    public Cos(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.cos(x);
    }
}
