package dev.jinn.ops.core;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;

/** Identity-1..25: tensors are immutable, so the input itself is the output. */
public final class Identity implements Op {
    public Identity(NodeContext node) {}

    @Override
    public Tensor[] run(Tensor[] inputs, ExecContext ctx) {
        return new Tensor[] {inputs[0]};
    }
}
