package dev.jinn.ops.shape;

import dev.jinn.ResourceLimitException;
import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.CopyKernels;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;

/** What the data-movement ops share: integer inputs read as shapes or indices, and budgeted allocation. */
final class Layouts {
    private Layouts() {}

    /** A 1-D (or scalar) integer input as longs; a named error for any other type. */
    static long[] ints(NodeContext node, Tensor t, int input) {
        if (!Elementwise.isInteger(t.dtype())) throw Elementwise.badType(node, input, t.dtype());
        if (t.rank() > 1) throw node.badShape(input, "a 1-D tensor", t.shape());
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) out[i] = t.getLong(i);
        return out;
    }

    /**
     * Checks that a data-dependent output of {@code shape} fits a Java array and the run budget, with
     * {@code indexBytesPerElement} more for the gather index that builds it, before anything is allocated.
     */
    static int reserve(NodeContext node, ExecContext ctx, DataType t, long[] shape, int indexBytesPerElement) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw node.invalid("negative dimension " + d + " in output shape " + java.util.Arrays.toString(shape));
            n = d == 0 || n == 0 ? 0 : Math.multiplyHigh(n, d) != 0 || n * d < 0 ? Long.MAX_VALUE : n * d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new ResourceLimitException(node.describe() + ": output shape " + java.util.Arrays.toString(shape)
                    + " has " + (n == Long.MAX_VALUE ? "more than 2^63" : n) + " elements, more than a Java array holds");
        }
        ctx.reserve(node.describe() + " output " + java.util.Arrays.toString(shape),
                t.byteSize(n) + n * indexBytesPerElement);
        return (int) n;
    }

    static int reserve(NodeContext node, ExecContext ctx, DataType t, int[] shape, int indexBytesPerElement) {
        long[] l = new long[shape.length];
        for (int i = 0; i < l.length; i++) l[i] = shape[i];
        return reserve(node, ctx, t, l, indexBytesPerElement);
    }

    static int[] toInts(long[] shape) {
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) s[i] = (int) shape[i];
        return s;
    }

    /** Element types whose elements are single array slots; packed 4-bit and complex ones are not moved by index. */
    static void checkMovable(NodeContext node, Tensor t, int input) {
        if (t.dtype().isSubByte() || t.dtype().isComplex()) throw Elementwise.badType(node, input, t.dtype());
    }

    static Tensor gather(Tensor x, int[] shape, int[] idx) {
        return Tensor.wrap(x.dtype(), shape, CopyKernels.take(x.array(), idx));
    }

    /** x viewed as {@code view} (same size), with its dims reordered by {@code perm}. */
    static Tensor permute(Tensor x, int[] view, int[] perm, ExecContext ctx) {
        int[] strides = Shapes.strides(view);
        int[] shape = new int[perm.length];
        int[] st = new int[perm.length];
        for (int d = 0; d < perm.length; d++) {
            shape[d] = view[perm[d]];
            st[d] = strides[perm[d]];
        }
        if (x.array() instanceof float[] s && shape.length > 0) {
            float[] o = ctx.outputFloats(x.size());
            CopyKernels.strided(s, shape, st, 0, o);
            return Tensor.wrap(x.dtype(), shape, o);
        }
        return Tensor.wrap(x.dtype(), shape, CopyKernels.strided(x.array(), shape, st, 0));
    }

    /** An axis in [-rank, rank) made nonnegative, or a named error. */
    static int axis(NodeContext node, long axis, int rank, String what) {
        if (axis < -rank || axis >= rank) throw node.invalid(what + " " + axis + " is out of range for rank " + rank);
        return (int) (axis < 0 ? axis + rank : axis);
    }
}
