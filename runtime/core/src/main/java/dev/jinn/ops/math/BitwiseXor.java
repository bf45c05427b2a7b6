package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** BitwiseXor-18: bitwise exclusive or of integers, broadcast. */
public final class BitwiseXor extends Binary {
    public BitwiseXor(NodeContext node) {
        super(node);
    }

    @Override
    protected long l(long a, long b) {
        return a ^ b;
    }
}
