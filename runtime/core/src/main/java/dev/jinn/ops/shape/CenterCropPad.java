package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;

/**
 * CenterCropPad-18: each axis in {@code axes} (default all) cropped or zero-padded to the length in
 * input 1, keeping the centre. As in ONNX's function body, the crop starts at (dim - len) / 2 and
 * the padding before is (len - dim) / 2, so an odd difference falls at the end.
 */
public final class CenterCropPad implements Op {
    private final NodeContext node;
    private final long[] axes;

    public CenterCropPad(NodeContext node) {
        this.node = node;
        this.axes = node.getInts("axes", null);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Layouts.checkMovable(node, x, 0);
        long[] target = Layouts.ints(node, in[1], 1);
        int[] s = x.shape();
        int rank = s.length;
        int k = axes == null ? rank : axes.length;
        if (target.length != k) throw node.badShape(1, "[" + k + "]", in[1].shape());
        long[] outL = new long[rank];
        long[] shift = new long[rank];
        for (int d = 0; d < rank; d++) outL[d] = s[d];
        for (int i = 0; i < k; i++) {
            int d = axes == null ? i : Layouts.axis(node, axes[i], rank, "axis");
            if (target[i] < 0) throw node.invalid("negative target length " + target[i]);
            outL[d] = target[i];
            // Source coordinate = output coordinate + shift: cropping starts inside, padding before.
            shift[d] = s[d] >= target[i] ? (s[d] - target[i]) / 2 : -((target[i] - s[d]) / 2);
        }
        int n = Layouts.reserve(node, ctx, x.dtype(), outL, 4);
        int[] out = Layouts.toInts(outL);
        int[] strides = Shapes.strides(s);
        int[] map = new int[n];
        int[] pos = new int[rank];
        int fill = x.size();
        for (int i = 0; i < n; i++) {
            int off = 0;
            for (int d = 0; d < rank && off >= 0; d++) {
                long c = pos[d] + shift[d];
                off = c < 0 || c >= s[d] ? -1 : off + (int) c * strides[d];
            }
            map[i] = off < 0 ? fill : off;
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < out[d]) break;
                pos[d] = 0;
            }
        }
        Object data = dev.jinn.kernels.CopyKernels.concat(x.array(), Tensor.allocate(x.dtype(), 1), 1);
        return new Tensor[] {Tensor.wrap(x.dtype(), out, dev.jinn.kernels.CopyKernels.take(data, map))};
    }
}
