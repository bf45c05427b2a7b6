package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** BitwiseAnd-18: bitwise and of integers, broadcast. */
public final class BitwiseAnd extends Binary {
    public BitwiseAnd(NodeContext node) {
        super(node);
    }

    @Override
    protected long l(long a, long b) {
        return a & b;
    }
}
