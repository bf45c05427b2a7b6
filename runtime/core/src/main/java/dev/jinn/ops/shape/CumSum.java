package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * CumSum-11/14: running sums along the axis in input 1, inclusive or {@code exclusive}, forward or
 * {@code reverse}. Floats accumulate in double, integers in int64.
 */
public final class CumSum implements Op {
    private final NodeContext node;
    private final boolean exclusive;
    private final boolean reverse;

    public CumSum(NodeContext node) {
        this.node = node;
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
        switch (Elementwise.kind(x.dtype())) {
            case FLOAT, DOUBLE -> {
                double[] v = Tensors.doubles(x);
                double[] y = new double[v.length];
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        double acc = 0;
                        for (int j = 0; j < dim; j++) {
                            int p = (o * dim + (reverse ? dim - 1 - j : j)) * inner + i;
                            if (exclusive) y[p] = acc;
                            acc += v[p];
                            if (!exclusive) y[p] = acc;
                        }
                    }
                }
                return new Tensor[] {Tensors.fromDoubles(y, x.dtype(), s)};
            }
            case LONG -> {
                long[] v = Tensors.longs(x);
                long[] y = new long[v.length];
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        long acc = 0;
                        for (int j = 0; j < dim; j++) {
                            int p = (o * dim + (reverse ? dim - 1 - j : j)) * inner + i;
                            if (exclusive) y[p] = acc;
                            acc += v[p];
                            if (!exclusive) y[p] = acc;
                        }
                    }
                }
                return new Tensor[] {Tensors.fromLongs(y, x.dtype(), s)};
            }
            default -> throw Elementwise.badType(node, 0, x.dtype());
        }
    }
}
