package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;

/** Flatten-1..25: to 2-D, [dims before axis, dims from axis]; axis (default 1) may be negative from Flatten-11. */
public final class Flatten implements Op {
    private final NodeContext node;
    private final long axis;

    public Flatten(NodeContext node) {
        this.node = node;
        this.axis = node.getInt("axis", 1);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        int[] s = in[0].shape();
        int a = axis == s.length ? s.length : Layouts.axis(node, axis, s.length, "attribute 'axis'");
        return new Tensor[] {in[0].reshape(Shapes.size(s, 0, a), Shapes.size(s, a, s.length))};
    }
}
