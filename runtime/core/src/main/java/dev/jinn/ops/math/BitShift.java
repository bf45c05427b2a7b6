package dev.jinn.ops.math;

import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;

/**
 * BitShift-11: x shifted by y bits, LEFT or RIGHT, for unsigned integers (kept zero-extended in
 * int64, so a logical shift); shifts of the type's width or more give 0.
 */
public final class BitShift extends Binary {
    private final boolean left;

    public BitShift(NodeContext node) {
        super(node);
        String d = node.getString("direction", "");
        if (!d.equals("LEFT") && !d.equals("RIGHT")) throw node.malformed("attribute 'direction': expected LEFT or RIGHT, got '" + d + "'");
        this.left = d.equals("LEFT");
    }

    @Override
    protected long l(long x, long n) {
        if (n < 0 || n >= 64) return 0;
        return left ? x << n : x >>> n;
    }

    @Override
    public dev.jinn.tensor.Tensor apply(dev.jinn.tensor.Tensor a, dev.jinn.tensor.Tensor b, dev.jinn.exec.ExecContext ctx) {
        if (!Elementwise.isInteger(a.dtype())) throw Elementwise.badType(node, 0, a.dtype());
        return super.apply(a, b, ctx);
    }
}
