package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * CumSum and CumProd: running sums or products along the axis in input 1, inclusive or
 * {@code exclusive}, forward or {@code reverse}. Floats accumulate in double, integers in int64.
 */
public abstract class Cumulative implements Op {
    private final NodeContext node;
    private final boolean product;
    private final boolean exclusive;
    private final boolean reverse;

    protected Cumulative(NodeContext node, boolean product) {
        this.node = node;
        this.product = product;
        this.exclusive = node.getInt("exclusive", 0) != 0;
        this.reverse = node.getInt("reverse", 0) != 0;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        if (in[1].size() != 1) throw node.badShape(1, "a scalar", in[1].shape());
        int[] s = x.shape();
        int ax = Layouts.axis(node, in[1].getLong(0), s.length, "axis");
        int outer = Shapes.size(s, 0, ax);
        int dim = s[ax];
        int inner = Shapes.size(s, ax + 1, s.length);
        Elementwise.Kind kind = Elementwise.kind(x.dtype());
        if (kind == Elementwise.Kind.OTHER) throw Elementwise.badType(node, 0, x.dtype());
        boolean integral = kind == Elementwise.Kind.LONG;
        double[] dv = integral ? null : Tensors.doubles(x);
        long[] lv = integral ? Tensors.longs(x) : null;
        double[] dy = integral ? null : new double[x.size()];
        long[] ly = integral ? new long[x.size()] : null;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double dacc = product ? 1 : 0;
                long lacc = product ? 1 : 0;
                for (int j = 0; j < dim; j++) {
                    int p = (o * dim + (reverse ? dim - 1 - j : j)) * inner + i;
                    if (integral) {
                        if (exclusive) ly[p] = lacc;
                        lacc = product ? lacc * lv[p] : lacc + lv[p];
                        if (!exclusive) ly[p] = lacc;
                    } else {
                        if (exclusive) dy[p] = dacc;
                        dacc = product ? dacc * dv[p] : dacc + dv[p];
                        if (!exclusive) dy[p] = dacc;
                    }
                }
            }
        }
        return new Tensor[] {integral ? Tensors.fromLongs(ly, x.dtype(), s) : Tensors.fromDoubles(dy, x.dtype(), s)};
    }
}
