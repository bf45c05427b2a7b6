package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Shrink-9: x + bias below -lambd, x - bias above lambd, else 0 (bias = 0, lambd = 0.5); integers too. */
public final class Shrink extends Unary {
    private final double bias;
    private final double lambd;

    public Shrink(NodeContext node) {
        super(node);
        bias = node.getFloat("bias", 0f);
        lambd = node.getFloat("lambd", 0.5f);
    }

    @Override
    protected double d(double x) {
        return x < -lambd ? x + bias : x > lambd ? x - bias : 0;
    }

    @Override
    protected long l(long x) {
        return (long) d(x);
    }
}
