package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/** Range-11: start, start + delta, ... while short of limit; max(ceil((limit - start) / delta), 0) elements. */
public final class Range implements Op {
    private final NodeContext node;

    public Range(NodeContext node) {
        this.node = node;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        DataType t = in[0].dtype();
        for (int i = 0; i < 3; i++) {
            if (in[i].size() != 1) throw node.badShape(i, "a scalar", in[i].shape());
            if (in[i].dtype() != t) throw node.invalid("input " + i + " is " + in[i].dtype() + ", input 0 is " + t);
        }
        boolean integral = Elementwise.isInteger(t);
        if (!integral && Elementwise.kind(t) == Elementwise.Kind.OTHER) throw Elementwise.badType(node, 0, t);
        double start = in[0].getDouble(0);
        double delta = in[2].getDouble(0);
        if (delta == 0) throw node.invalid("delta is 0");
        double count = Math.ceil((in[1].getDouble(0) - start) / delta);
        if (integral) {
            long s = in[0].getLong(0);
            long l = in[1].getLong(0);
            long dl = in[2].getLong(0);
            long span = dl > 0 ? l - s : s - l;
            long step = Math.abs(dl);
            count = span <= 0 ? 0 : (double) ((span + step - 1) / step);
        }
        if (!(count > 0)) count = 0;
        int n = Layouts.reserve(node, ctx, t, new long[] {(long) Math.min(count, Long.MAX_VALUE)}, 0);
        int[] shape = {n};
        if (integral) {
            long s = in[0].getLong(0);
            long dl = in[2].getLong(0);
            long[] v = new long[n];
            for (int i = 0; i < n; i++) v[i] = s + i * dl;
            return new Tensor[] {Tensors.fromLongs(v, t, shape)};
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = start + i * delta;
        return new Tensor[] {Tensors.fromDoubles(v, t, shape)};
    }
}
