package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;

/**
 * ReverseSequence-10: for each batch entry b, the first sequence_lens[b] steps along
 * {@code time_axis} reversed, the rest unchanged; time and batch axes are 0 and 1, either way round.
 */
public final class ReverseSequence implements Op {
    private final NodeContext node;
    private final int timeAxis;
    private final int batchAxis;

    public ReverseSequence(NodeContext node) {
        this.node = node;
        this.timeAxis = (int) node.getInt("time_axis", 0);
        this.batchAxis = (int) node.getInt("batch_axis", 1);
        if (timeAxis + batchAxis != 1 || timeAxis * batchAxis != 0) {
            throw node.malformed("time_axis and batch_axis must be 0 and 1, got " + timeAxis + " and " + batchAxis);
        }
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Layouts.checkMovable(node, x, 0);
        int[] s = x.shape();
        if (s.length < 2) throw node.badShape(0, "rank 2 or more", s);
        long[] lens = Layouts.ints(node, in[1], 1);
        int steps = s[timeAxis];
        if (lens.length != s[batchAxis]) throw node.badShape(1, "[" + s[batchAxis] + "]", in[1].shape());
        int[] strides = Shapes.strides(s);
        int[] map = new int[x.size()];
        for (int i = 0; i < map.length; i++) {
            int t = (i / strides[timeAxis]) % steps;
            int b = (i / strides[batchAxis]) % s[batchAxis];
            long len = lens[b];
            if (len < 0 || len > steps) throw node.invalid("sequence length " + len + " is outside [0, " + steps + "]");
            map[i] = t < len ? i + (int) (len - 1 - 2L * t) * strides[timeAxis] : i;
        }
        return new Tensor[] {Layouts.gather(x, s, map)};
    }
}
