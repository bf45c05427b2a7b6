package dev.jinn.ops.logic;

import dev.jinn.ops.NodeContext;

/** Or-7: logical or of bool tensors. */
public final class Or extends BinaryPredicate {
    public Or(NodeContext node) {
        super(node);
    }

    @Override
    protected boolean d(double a, double b) {
        throw node.invalid("expected bool inputs");
    }

    @Override
    protected boolean l(long a, long b) {
        return a != 0 || b != 0;
    }
}
