package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.CopyKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.ops.math.Cast;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import java.util.Arrays;

/**
 * Pad: pads (negative ones crop) as the {@code paddings} (Pad-1) or {@code pads} (Pad-2) attribute,
 * then input 1 from Pad-11 with the constant as optional input 2 and, from Pad-18, the axes they
 * apply to as input 3. Modes constant, reflect, edge, and wrap (Pad-19).
 */
public final class Pad implements Op {
    private enum Mode { CONSTANT, REFLECT, EDGE, WRAP }

    private final NodeContext node;
    private final Mode mode;
    private final long[] attrPads;
    private final float attrValue;

    public Pad(NodeContext node) {
        this.node = node;
        String m = node.getString("mode", "constant");
        this.mode = switch (m) {
            case "constant" -> Mode.CONSTANT;
            case "reflect" -> Mode.REFLECT;
            case "edge" -> Mode.EDGE;
            case "wrap" -> Mode.WRAP;
            default -> throw node.malformed("attribute 'mode': unknown mode '" + m + "'");
        };
        if (mode == Mode.WRAP && node.version() < 19) throw node.malformed("mode 'wrap' needs Pad-19");
        this.attrPads = node.version() >= 11 ? null : node.getInts(node.version() < 2 ? "paddings" : "pads", null);
        if (node.version() < 11 && attrPads == null) throw node.malformed("attribute 'pads' is required");
        this.attrValue = node.getFloat("value", 0f);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Layouts.checkMovable(node, x, 0);
        int[] s = x.shape();
        int rank = s.length;
        long[] pads = attrPads != null ? attrPads : Layouts.ints(node, in[1], 1);
        Tensor value = node.version() >= 11 ? (in.length > 2 && in[2] != null ? in[2] : null) : Tensor.scalar(attrValue);
        long[] axes = null;
        if (node.version() >= 18 && in.length > 3 && in[3] != null) axes = Layouts.ints(node, in[3], 3);
        int k = axes == null ? rank : axes.length;
        if (pads.length != 2 * k) throw node.invalid("pads has " + pads.length + " values for " + k + " axes");
        long[] begin = new long[rank];
        long[] outL = new long[rank];
        for (int d = 0; d < rank; d++) outL[d] = s[d];
        for (int i = 0; i < k; i++) {
            int d = axes == null ? i : Layouts.axis(node, axes[i], rank, "axis");
            begin[d] = pads[i];
            outL[d] = s[d] + pads[i] + pads[i + k];
            if (outL[d] < 0) throw node.invalid("pads " + Arrays.toString(pads) + " crop dim " + d + " of " + Arrays.toString(s) + " below 0");
            if (mode != Mode.CONSTANT && s[d] == 0 && outL[d] > 0) throw node.invalid("cannot " + mode + "-pad the empty dim " + d);
        }
        int n = Layouts.reserve(node, ctx, x.dtype(), outL, 4);
        int[] out = Layouts.toInts(outL);
        int[] strides = Shapes.strides(s);
        int fill = x.size();
        // Per dim, the source coordinate of each output coordinate, or -1 where it falls in constant padding.
        int[][] src = new int[rank][];
        for (int d = 0; d < rank; d++) {
            src[d] = new int[out[d]];
            for (int c = 0; c < out[d]; c++) src[d][c] = source(c - begin[d], s[d]);
        }
        int[] map = new int[n];
        int[] pos = new int[rank];
        for (int i = 0; i < n; i++) {
            int off = 0;
            for (int d = 0; d < rank && off >= 0; d++) {
                int c = src[d][pos[d]];
                off = c < 0 ? -1 : off + c * strides[d];
            }
            map[i] = off < 0 ? fill : off;
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < out[d]) break;
                pos[d] = 0;
            }
        }
        Tensor constant = Cast.convert(value == null ? Tensor.scalar(0f) : value, x.dtype());
        Object data = CopyKernels.concat(x.array(), constant.array(), 1);
        return new Tensor[] {Tensor.wrap(x.dtype(), out, CopyKernels.take(data, map))};
    }

    private int source(long c, int dim) {
        if (c >= 0 && c < dim) return (int) c;
        return switch (mode) {
            case CONSTANT -> -1;
            case EDGE -> c < 0 ? 0 : dim - 1;
            case WRAP -> (int) Math.floorMod(c, (long) dim);
            case REFLECT -> {
                if (dim == 1) yield 0;
                long period = 2L * (dim - 1);
                long r = Math.floorMod(c, period);
                yield (int) (r < dim ? r : period - r);
            }
        };
    }
}
