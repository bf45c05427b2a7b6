package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** BitwiseOr-18: bitwise or of integers, broadcast. */
public final class BitwiseOr extends Binary {
    public BitwiseOr(NodeContext node) {
        super(node);
    }

    @Override
    protected long l(long a, long b) {
        return a | b;
    }
}
