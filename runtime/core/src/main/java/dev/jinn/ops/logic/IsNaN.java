package dev.jinn.ops.logic;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/** IsNaN-9/13/20: true where a float element is NaN. */
public final class IsNaN implements Op {
    private final NodeContext node;

    public IsNaN(NodeContext node) {
        this.node = node;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        return new Tensor[] {IsInf.test(node, in[0], Double::isNaN)};
    }
}
