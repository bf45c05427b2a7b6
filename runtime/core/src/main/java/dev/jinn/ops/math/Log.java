package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Log-6/13: natural logarithm. */
public final class Log extends Unary {
    public Log(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double x) {
        return Math.log(x);
    }
}
