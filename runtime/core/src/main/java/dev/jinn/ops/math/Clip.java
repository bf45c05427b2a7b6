package dev.jinn.ops.math;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/**
 * Clip: min(max(x, lo), hi), so lo > hi gives hi everywhere. Clip-6 reads lo and hi from attributes
 * (default +-FLT_MAX); Clip-11 on from optional scalar inputs 1 and 2 (default: unbounded).
 */
public final class Clip implements Op {
    private final NodeContext node;
    private final float attrMin;
    private final float attrMax;

    public Clip(NodeContext node) {
        this.node = node;
        this.attrMin = node.getFloat("min", -Float.MAX_VALUE);
        this.attrMax = node.getFloat("max", Float.MAX_VALUE);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        boolean fromInputs = node.version() >= 11;
        Tensor min = fromInputs && in.length > 1 ? in[1] : null;
        Tensor max = fromInputs && in.length > 2 ? in[2] : null;
        for (int i = 1; i <= 2; i++) {
            Tensor b = i == 1 ? min : max;
            if (b != null && b.size() != 1) throw node.badShape(i, "a scalar", b.shape());
            if (b != null && b.dtype() != in[0].dtype()) throw Elementwise.badType(node, i, b.dtype());
        }
        double lo = min != null ? min.getDouble(0) : fromInputs ? Double.NEGATIVE_INFINITY : attrMin;
        double hi = max != null ? max.getDouble(0) : fromInputs ? Double.POSITIVE_INFINITY : attrMax;
        long loL = min != null ? min.getLong(0) : Long.MIN_VALUE;
        long hiL = max != null ? max.getLong(0) : Long.MAX_VALUE;
        Unary clamp = new Unary(node) {
            @Override
            protected double d(double x) {
                return Math.min(Math.max(x, lo), hi);
            }

            @Override
            protected long l(long x) {
                return Math.min(Math.max(x, loL), hiL);
            }
        };
        return clamp.run(in, ctx);
    }
}
