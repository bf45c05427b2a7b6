package dev.jinn.ops.logic;

import dev.jinn.ops.NodeContext;

/** Equal-7/11/13/19: a == b (NaN equals nothing); strings compare by value. */
public final class Equal extends BinaryPredicate {
    public Equal(NodeContext node) {
        super(node);
    }

    @Override
    protected boolean d(double a, double b) {
        return a == b;
    }

    @Override
    protected boolean l(long a, long b) {
        return a == b;
    }

    @Override
    protected boolean s(String a, String b) {
        return a.equals(b);
    }
}
