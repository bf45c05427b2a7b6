package dev.jinn.ops.reduce;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * ArgMax and ArgMin (1/11/12/13): the int64 index of the extreme along {@code axis}; ties go to the
 * first index, or the last with {@code select_last_index} (version 12 on). A NaN wins, as in numpy.
 */
public abstract class ArgExtreme implements Op {
    private final NodeContext node;
    private final boolean max;
    private final int axis;
    private final boolean keepdims;
    private final boolean last;

    protected ArgExtreme(NodeContext node, boolean max) {
        this.node = node;
        this.max = max;
        this.axis = (int) node.getInt("axis", 0);
        this.keepdims = node.getInt("keepdims", 1) != 0;
        this.last = node.getInt("select_last_index", 0) != 0;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        int[] shape = x.shape();
        int ax;
        try {
            ax = Shapes.normalizeAxis(axis, Math.max(1, shape.length));
        } catch (IllegalArgumentException e) {
            throw node.invalid("attribute 'axis': " + e.getMessage());
        }
        if (shape.length == 0) shape = new int[] {1};
        int outer = Shapes.size(shape, 0, ax);
        int r = shape[ax];
        int inner = Shapes.size(shape, ax + 1, shape.length);
        if (r == 0) throw node.badShape(0, "a nonempty axis " + ax, shape);
        boolean integral = Elementwise.kind(x.dtype()) == Elementwise.Kind.LONG;
        if (!integral && Elementwise.kind(x.dtype()) == Elementwise.Kind.OTHER) throw Elementwise.badType(node, 0, x.dtype());
        double[] d = integral ? null : Tensors.doubles(x);
        long[] l = integral ? Tensors.longs(x) : null;
        long flip = x.dtype() == DataType.UINT64 ? Long.MIN_VALUE : 0;
        long[] out = new long[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * r * inner + i;
                int best = 0;
                for (int k = 1; k < r; k++) {
                    int p = base + k * inner;
                    int q = base + best * inner;
                    int c = integral ? Long.compare(l[p] ^ flip, l[q] ^ flip) : compare(d[p], d[q]);
                    if (!max) c = -c;
                    if (c > 0 || (c == 0 && last)) best = k;
                }
                out[o * inner + i] = best;
            }
        }
        int[] outShape;
        if (keepdims) {
            outShape = shape.clone();
            outShape[ax] = 1;
        } else {
            outShape = new int[shape.length - 1];
            for (int dd = 0, j = 0; dd < shape.length; dd++) if (dd != ax) outShape[j++] = shape[dd];
        }
        return new Tensor[] {Tensor.wrap(DataType.INT64, outShape, out)};
    }

    /** Orders NaN above everything for max; for min the caller negates, so NaN is still chosen first. */
    private int compare(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            if (Double.isNaN(b)) return max ? -1 : 1;
            return max ? 1 : -1;
        }
        return Double.compare(a, b) == 0 || a == b ? 0 : a > b ? 1 : -1;
    }
}
