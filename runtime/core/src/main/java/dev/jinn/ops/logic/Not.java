package dev.jinn.ops.logic;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;

/** Not-1: logical negation of a bool tensor. */
public final class Not implements Op {
    private final NodeContext node;

    public Not(NodeContext node) {
        this.node = node;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        if (in[0].dtype() != DataType.BOOL) throw Elementwise.badType(node, 0, in[0].dtype());
        byte[] x = in[0].bytes();
        byte[] y = new byte[x.length];
        for (int i = 0; i < x.length; i++) y[i] = (byte) (x[i] == 0 ? 1 : 0);
        return new Tensor[] {Tensor.wrap(DataType.BOOL, in[0].shape(), y)};
    }
}
