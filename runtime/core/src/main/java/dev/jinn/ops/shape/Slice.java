package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.CopyKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;

/**
 * Slice: starts, ends and axes are attributes in Slice-1 and inputs 1..3 from Slice-10, which added
 * steps (input 4, possibly negative). Out-of-range bounds clamp, as numpy's do.
 */
public final class Slice implements Op {
    private final NodeContext node;
    private final long[] attrStarts;
    private final long[] attrEnds;
    private final long[] attrAxes;

    public Slice(NodeContext node) {
        this.node = node;
        boolean inputs = node.version() >= 10;
        this.attrStarts = inputs ? null : node.getInts("starts", null);
        this.attrEnds = inputs ? null : node.getInts("ends", null);
        this.attrAxes = inputs ? null : node.getInts("axes", null);
        if (!inputs && (attrStarts == null || attrEnds == null)) throw node.malformed("attributes 'starts' and 'ends' are required");
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Layouts.checkMovable(node, x, 0);
        boolean inputs = node.version() >= 10;
        long[] starts = inputs ? Layouts.ints(node, in[1], 1) : attrStarts;
        long[] ends = inputs ? Layouts.ints(node, in[2], 2) : attrEnds;
        long[] axes = inputs ? (in.length > 3 && in[3] != null ? Layouts.ints(node, in[3], 3) : null) : attrAxes;
        long[] steps = inputs && in.length > 4 && in[4] != null ? Layouts.ints(node, in[4], 4) : null;
        int[] shape = x.shape();
        int rank = shape.length;
        if (ends.length != starts.length || (axes != null && axes.length != starts.length)
                || (steps != null && steps.length != starts.length)) {
            throw node.invalid("starts, ends, axes and steps differ in length");
        }
        long[] begin = new long[rank];
        long[] step = new long[rank];
        int[] out = shape.clone();
        java.util.Arrays.fill(step, 1);
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < starts.length; i++) {
            int ax = axes == null ? i : Layouts.axis(node, axes[i], rank, "axis");
            if (seen[ax]) throw node.invalid("axis " + ax + " is sliced twice");
            seen[ax] = true;
            long dim = shape[ax];
            long st = steps == null ? 1 : steps[i];
            if (st == 0) throw node.invalid("step 0 on axis " + ax);
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            long count;
            if (st > 0) {
                s = Math.max(0, Math.min(dim, s));
                e = Math.max(0, Math.min(dim, e));
                count = e > s ? (e - s + st - 1) / st : 0;
            } else {
                s = Math.max(0, Math.min(dim - 1, s));
                e = Math.max(-1, Math.min(dim - 1, e));
                count = s > e ? (s - e - st - 1) / -st : 0;
            }
            begin[ax] = s;
            step[ax] = st;
            out[ax] = (int) count;
        }
        Layouts.reserve(node, ctx, x.dtype(), out, 4);
        int[] strides = Shapes.strides(shape);
        int base = 0;
        int[] st = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (out[d] > 0) base += (int) begin[d] * strides[d];
            st[d] = (int) step[d] * strides[d];
        }
        return new Tensor[] {Layouts.gather(x, out, CopyKernels.stridedIndex(out, st, base))};
    }
}
