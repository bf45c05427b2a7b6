package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/** Size-1..25: the element count as an int64 scalar. */
public final class Size implements Op {
    public Size(NodeContext node) {}

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        return new Tensor[] {Tensor.scalar((long) in[0].size())};
    }
}
