package dev.jinn.ops.logic;

import dev.jinn.ops.NodeContext;

/** And-7: logical and of bool tensors. */
public final class And extends BinaryPredicate {
    public And(NodeContext node) {
        super(node);
    }

    @Override
    protected boolean d(double a, double b) {
        throw node.invalid("expected bool inputs");
    }

    @Override
    protected boolean l(long a, long b) {
        return a != 0 && b != 0;
    }
}
