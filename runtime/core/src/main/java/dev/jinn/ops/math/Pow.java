package dev.jinn.ops.math;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;

/**
 * Pow-7/12/13/15: base ^ exponent, broadcast. From Pow-12 the exponent may have another type: a float
 * exponent of an integer base is applied in double and truncated back, an integer exponent of a
 * float base is converted to the base's type.
 */
public final class Pow extends Binary {
    public Pow(NodeContext node) {
        super(node);
    }

    @Override
    protected double d(double a, double b) {
        return Math.pow(a, b);
    }

    @Override
    protected long l(long a, long b) {
        if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) == 0 ? 1 : -1) : 0;
        long r = 1;
        for (long base = a; b != 0; b >>>= 1, base *= base) if ((b & 1) != 0) r *= base;
        return r;
    }

    @Override
    public Tensor apply(Tensor a, Tensor b, ExecContext ctx) {
        DataType t = a.dtype();
        if (b.dtype() != t) {
            if (Elementwise.kind(t) == Elementwise.Kind.LONG && Elementwise.kind(b.dtype()) != Elementwise.Kind.LONG) {
                return Cast.convert(apply(Cast.convert(a, DataType.DOUBLE), Cast.convert(b, DataType.DOUBLE), ctx), t);
            }
            b = Cast.convert(b, t);
        }
        // x^2, as exported layer norms spell it, is a plain product on the vector path.
        if (t == DataType.FLOAT && b.size() == 1 && b.floats()[0] == 2f && b.rank() <= a.rank()) {
            return new Mul(node).apply(a, a, ctx);
        }
        return super.apply(a, b, ctx);
    }
}
