package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.CopyKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import java.util.Arrays;

/**
 * Split-1..18: cuts the input along {@code axis} into the outputs. Sizes come from the {@code split}
 * attribute (before 13) or input 1 (from 13); without them the parts are equal, or from Split-18,
 * with {@code num_outputs}, ceil(dim / n) each and a smaller last one.
 */
public final class Split implements Op {
    private final NodeContext node;
    private final long axis;
    private final long[] attrSplit;

    public Split(NodeContext node) {
        this.node = node;
        this.axis = node.getInt("axis", 0);
        this.attrSplit = node.version() >= 13 ? null : node.getInts("split", null);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Layouts.checkMovable(node, x, 0);
        int[] shape = x.shape();
        int ax = Layouts.axis(node, axis, shape.length, "attribute 'axis'");
        int dim = shape[ax];
        int parts = node.outputCount();
        long[] split = attrSplit;
        if ((node.version() >= 13 || node.version() < 2) && in.length > 1 && in[1] != null) split = Layouts.ints(node, in[1], 1);
        if (split == null) {
            split = new long[parts];
            if (node.version() >= 18 && node.has("num_outputs")) {
                long chunk = (dim + parts - 1) / parts;
                for (int i = 0; i < parts; i++) split[i] = Math.max(0, Math.min(chunk, dim - chunk * i));
            } else {
                if (dim % parts != 0) throw node.badShape(0, "a dim on axis " + ax + " divisible by " + parts, shape);
                Arrays.fill(split, dim / parts);
            }
        }
        if (split.length != parts || Arrays.stream(split).sum() != dim || Arrays.stream(split).anyMatch(v -> v < 0)) {
            throw node.invalid("split " + Arrays.toString(split) + " does not cut dim " + dim + " into " + parts + " outputs");
        }
        int outer = Shapes.size(shape, 0, ax);
        int inner = Shapes.size(shape, ax + 1, shape.length);
        Tensor[] out = new Tensor[parts];
        int at = 0;
        for (int i = 0; i < parts; i++) {
            int[] s = shape.clone();
            s[ax] = (int) split[i];
            int len = s[ax] * inner;
            Object dst = Tensor.allocate(x.dtype(), Shapes.size(s));
            CopyKernels.blocks(x.array(), at, dim * inner, dst, 0, len, len, outer);
            at += len;
            out[i] = Tensor.wrap(x.dtype(), s, dst);
        }
        return out;
    }
}
