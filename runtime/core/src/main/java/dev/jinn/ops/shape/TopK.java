package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import java.util.Arrays;
import java.util.Comparator;

/**
 * TopK-1/10/11/24: the k largest (or, from TopK-11, smallest) elements along {@code axis} and their
 * int64 indices, best first; equal values keep the lower index first. k is an attribute in TopK-1,
 * input 1 from TopK-10. NaN counts as larger than every number.
 */
public final class TopK implements Op {
    private final NodeContext node;
    private final long axis;
    private final boolean largest;
    private final long attrK;

    public TopK(NodeContext node) {
        this.node = node;
        this.axis = node.getInt("axis", -1);
        this.largest = node.getInt("largest", 1) != 0;
        this.attrK = node.getInt("k", -1);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Layouts.checkMovable(node, x, 0);
        long k = node.version() >= 10 ? Layouts.ints(node, in[1], 1)[0] : attrK;
        int[] s = x.shape();
        int ax = Layouts.axis(node, axis, s.length, "attribute 'axis'");
        int dim = s[ax];
        if (k < 0 || k > dim) throw node.invalid("k = " + k + " is outside [0, " + dim + "] for axis " + ax);
        int outer = Shapes.size(s, 0, ax);
        int inner = Shapes.size(s, ax + 1, s.length);
        boolean integral = Elementwise.isInteger(x.dtype());
        long flip = x.dtype() == DataType.UINT64 ? Long.MIN_VALUE : 0;
        if (!integral && Elementwise.kind(x.dtype()) == Elementwise.Kind.OTHER && x.dtype() != DataType.BOOL) {
            throw Elementwise.badType(node, 0, x.dtype());
        }
        Comparator<Integer> order = integral
                ? (p, q) -> Long.compare(x.getLong(p) ^ flip, x.getLong(q) ^ flip)
                : (p, q) -> Double.compare(x.getDouble(p), x.getDouble(q));
        if (largest) order = order.reversed();
        int kk = (int) k;
        int[] out = s.clone();
        out[ax] = kk;
        int n = Layouts.reserve(node, ctx, x.dtype(), out, 12);
        int[] map = new int[n];
        long[] indices = new long[n];
        Integer[] pos = new Integer[dim];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                for (int j = 0; j < dim; j++) pos[j] = (o * dim + j) * inner + i;
                // Stable: equal values stay in index order.
                Arrays.sort(pos, order);
                for (int j = 0; j < kk; j++) {
                    int at = (o * kk + j) * inner + i;
                    map[at] = pos[j];
                    indices[at] = ((pos[j] / inner) % dim);
                }
            }
        }
        return new Tensor[] {Layouts.gather(x, out, map), Tensor.wrap(DataType.INT64, out, indices)};
    }
}
