package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/**
 * Mod-10/13: the remainder of a / b, broadcast. Integers follow the divisor's sign (Python's %)
 * unless {@code fmod} = 1, which takes the dividend's (C's fmod); floats require fmod = 1.
 */
public final class Mod extends Binary {
    private final boolean fmod;

    public Mod(NodeContext node) {
        super(node);
        this.fmod = node.getInt("fmod", 0) != 0;
    }

    @Override
    protected double d(double a, double b) {
        if (!fmod) throw node.invalid("float inputs need attribute fmod = 1");
        return a % b;
    }

    @Override
    protected long l(long a, long b) {
        if (b == 0) throw node.invalid("integer modulo by zero");
        return fmod ? a % b : Math.floorMod(a, b);
    }

    @Override
    protected long u(long a, long b) {
        if (b == 0) throw node.invalid("integer modulo by zero");
        return Long.remainderUnsigned(a, b);
    }
}
