package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Acos-7/22: acos(x). */
public final class Acos extends Unary {
    public Acos(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.acos(x);
    }
}
