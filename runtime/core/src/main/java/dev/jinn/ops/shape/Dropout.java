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
 *
 * <p>Dropout-1 and -6 select training mode with {@code is_test = 0}, which is also their default, so
 * most models of those opsets ask for it without meaning to. Refusing them would refuse those models;
 * running them in test mode quietly would hide that the spec asks otherwise. So they run in test mode
 * and the node is named in one warning, logged when the session compiles it.
 */
public final class Dropout implements Op {
    private static final System.Logger LOG = System.getLogger(Dropout.class.getName());

    private final NodeContext node;

    public Dropout(NodeContext node) {
        this.node = node;
        if (node.version() < 7 && node.getInt("is_test", 0) == 0) {
            LOG.log(System.Logger.Level.WARNING, node.describe() + ": is_test = 0 asks for training-mode dropout;"
                    + " Jinn only infers, so it runs the node in test mode (the output is the input)");
        }
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
