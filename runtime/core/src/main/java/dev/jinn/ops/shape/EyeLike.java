package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.ops.math.Cast;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;

/** EyeLike-9/22: ones on diagonal k of a 2-D tensor shaped like the input, in {@code dtype} (default: the input's). */
public final class EyeLike implements Op {
    private final NodeContext node;
    private final DataType dtype;
    private final long k;

    public EyeLike(NodeContext node) {
        this.node = node;
        this.dtype = node.has("dtype") ? DataType.fromCode((int) node.getInt("dtype", 0)) : null;
        if (node.has("dtype") && (dtype == null || !Cast.isTarget(dtype))) throw node.unsupported("dtype " + node.getInt("dtype", 0));
        this.k = node.getInt("k", 0);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        int[] s = in[0].shape();
        if (s.length != 2) throw node.badShape(0, "rank 2", s);
        DataType t = dtype != null ? dtype : in[0].dtype();
        if (!Cast.isTarget(t)) throw dev.jinn.ops.Elementwise.badType(node, 0, t);
        long[] v = new long[in[0].size()];
        for (int i = 0; i < s[0]; i++) {
            long j = i + k;
            if (j >= 0 && j < s[1]) v[(int) (i * s[1] + j)] = 1;
        }
        return new Tensor[] {Cast.convert(Tensor.wrap(DataType.INT64, s, v), t)};
    }
}
