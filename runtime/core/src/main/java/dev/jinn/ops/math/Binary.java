package dev.jinn.ops.math;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Broadcast;
import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.InPlace;
import dev.jinn.ops.NodeContext;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * The broadcasting binary-op engine: an op states its formula per arithmetic ({@link Elementwise.Kind})
 * and, for the four basic operators, which vector kernel runs float32. Before opset 7, arithmetic
 * ops broadcast only with {@code broadcast} = 1, B aligned to A's dims from {@code axis} on (by
 * default to the trailing dims, as numpy does); that alignment is kept, numpy rules do the rest.
 */
public abstract class Binary implements InPlace {
    protected final NodeContext node;
    private final Integer legacyAxis;

    protected Binary(NodeContext node) {
        this.node = node;
        boolean legacy = node.version() < 7 && node.getInt("broadcast", 0) != 0 && node.has("axis");
        this.legacyAxis = legacy ? (int) node.getInt("axis", 0) : null;
    }

    /** The float32 vector kernel, or null to run {@link #f} element by element. */
    protected ElementwiseKernel.Arith arith() {
        return null;
    }

    protected float f(float a, float b) {
        return (float) d(a, b);
    }

    protected double d(double a, double b) {
        throw node.invalid("float inputs are not supported");
    }

    /** Signed integers (and bool) widened to int64. */
    protected long l(long a, long b) {
        throw node.invalid("integer inputs are not supported");
    }

    /** uint64: defaults to {@link #l}, right for operators that do not depend on the sign. */
    protected long u(long a, long b) {
        return l(a, b);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor b = in[1];
        if (legacyAxis != null) {
            int[] s = b.shape();
            int axis = legacyAxis < 0 ? legacyAxis + in[0].rank() : legacyAxis;
            int trailing = in[0].rank() - axis - s.length;
            if (trailing < 0) throw node.badShape(1, "at most rank " + (in[0].rank() - axis) + " for axis " + legacyAxis, s);
            int[] aligned = java.util.Arrays.copyOf(s, s.length + trailing);
            java.util.Arrays.fill(aligned, s.length, aligned.length, 1);
            b = b.reshape(aligned);
        }
        return new Tensor[] {apply(in[0], b, ctx)};
    }

    /** a op b with numpy broadcasting, for ops that end in this operator (a fused residual Add). */
    public Tensor apply(Tensor a, Tensor b, ExecContext ctx) {
        Elementwise.sameType(node, a, b);
        DataType t = a.dtype();
        Broadcast bc = Elementwise.broadcast(node, ctx, t, a, b);
        int as = bc.stride(0);
        int bs = bc.stride(1);
        int[] shape = bc.shape();
        switch (Elementwise.kind(t)) {
            case FLOAT -> {
                float[] x = Tensors.floats(a);
                float[] y = Tensors.floats(b);
                float[] o = t == DataType.FLOAT ? ctx.outputFloats(bc.size()) : new float[bc.size()];
                ElementwiseKernel.Arith op = arith();
                Elementwise.forEach(ctx, bc, op != null
                        ? (off, oo, n) -> Kernels.elementwise().arith(op, x, off[0], as, y, off[1], bs, o, oo, n)
                        : (off, oo, n) -> ElementwiseKernel.binary(this::f, x, off[0], as, y, off[1], bs, o, oo, n));
                return Tensors.fromFloats(o, t, shape);
            }
            case DOUBLE -> {
                double[] x = a.doubles();
                double[] y = b.doubles();
                double[] o = new double[bc.size()];
                Elementwise.forEach(ctx, bc, (off, oo, n) -> {
                    for (int i = 0; i < n; i++) o[oo + i] = d(x[off[0] + i * as], y[off[1] + i * bs]);
                });
                return Tensor.wrap(t, shape, o);
            }
            case LONG -> {
                long[] x = Tensors.longs(a);
                long[] y = Tensors.longs(b);
                long[] o = new long[bc.size()];
                boolean unsigned = t == DataType.UINT64;
                Elementwise.forEach(ctx, bc, (off, oo, n) -> {
                    for (int i = 0; i < n; i++) {
                        long p = x[off[0] + i * as];
                        long q = y[off[1] + i * bs];
                        o[oo + i] = unsigned ? u(p, q) : l(p, q);
                    }
                });
                return Tensors.fromLongs(o, t, shape);
            }
            default -> throw Elementwise.badType(node, 0, t);
        }
    }
}
