package dev.jinn.ops.math;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.InPlace;
import dev.jinn.ops.NodeContext;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * The unary elementwise engine: an op gives its formula in double (and int64 where integers are
 * allowed), or names a vector kernel that runs float32.
 */
public abstract class Unary implements InPlace {
    protected final NodeContext node;

    protected Unary(NodeContext node) {
        this.node = node;
    }

    /** The float32 vector kernel, or null to run {@link #f}. */
    protected ElementwiseKernel.Fn vector() {
        return null;
    }

    protected abstract double d(double x);

    protected float f(float x) {
        return (float) d(x);
    }

    /** Integer and bool inputs, widened to int64; the types allowed are the op's to say. */
    protected long l(long x) {
        throw node.invalid("integer inputs are not supported");
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        DataType t = x.dtype();
        int n = x.size();
        return new Tensor[] {switch (Elementwise.kind(t)) {
            case FLOAT -> {
                float[] v = Tensors.floats(x);
                float[] y = t == DataType.FLOAT ? ctx.outputFloats(n) : new float[n];
                ElementwiseKernel.Fn fn = vector();
                ctx.parallelFor(n, 8, (from, to) -> {
                    if (fn != null) {
                        Kernels.elementwise().unary(fn, v, y, from, to);
                    } else {
                        for (int i = from; i < to; i++) y[i] = f(v[i]);
                    }
                });
                yield Tensors.fromFloats(y, t, x.shape());
            }
            case DOUBLE -> {
                double[] v = x.doubles();
                double[] y = new double[n];
                for (int i = 0; i < n; i++) y[i] = d(v[i]);
                yield Tensor.wrap(t, x.shape(), y);
            }
            case LONG -> {
                long[] v = Tensors.longs(x);
                long[] y = new long[n];
                for (int i = 0; i < n; i++) y[i] = l(v[i]);
                yield Tensors.fromLongs(y, t, x.shape());
            }
            default -> throw Elementwise.badType(node, 0, t);
        }};
    }
}
