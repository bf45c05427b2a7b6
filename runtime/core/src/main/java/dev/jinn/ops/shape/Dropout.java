package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * Dropout-1..22 at inference: the input unchanged, and an all-keep mask (bool from Dropout-10, the
 * input's type before). Training mode (input 2 of Dropout-12 set true) is refused when it would drop.
 */
public final class Dropout implements Op {
    private final NodeContext node;

    public Dropout(NodeContext node) {
        this.node = node;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        if (node.version() >= 12 && in.length > 2 && in[2] != null && in[2].getLong(0) != 0) {
            double ratio = in.length > 1 && in[1] != null ? in[1].getDouble(0) : 0.5;
            if (ratio != 0) throw node.invalid("training_mode with ratio " + ratio + " is not supported (inference only)");
        }
        Tensor[] out = new Tensor[node.outputCount()];
        out[0] = x;
        if (node.wantsOutput(1)) {
            Layouts.reserve(node, ctx, DataType.BOOL, x.shape(), 0);
            long[] ones = new long[x.size()];
            java.util.Arrays.fill(ones, 1);
            out[1] = Tensors.fromLongs(ones, node.version() >= 10 ? DataType.BOOL : x.dtype(), x.shape());
        }
        return out;
    }
}
