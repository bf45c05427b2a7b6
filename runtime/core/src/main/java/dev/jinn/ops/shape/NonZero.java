package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;

/** NonZero-9/13: the coordinates of the nonzero elements, int64 [rank, count], in row-major order. */
public final class NonZero implements Op {
    private final NodeContext node;

    public NonZero(NodeContext node) {
        this.node = node;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        if (x.dtype() == DataType.STRING) throw dev.jinn.ops.Elementwise.badType(node, 0, x.dtype());
        int[] s = x.shape();
        int rank = s.length;
        int n = x.size();
        int count = 0;
        for (int i = 0; i < n; i++) if (x.getDouble(i) != 0) count++;
        Layouts.reserve(node, ctx, DataType.INT64, new long[] {rank, count}, 0);
        long[] out = new long[rank * count];
        int[] strides = Shapes.strides(s);
        for (int i = 0, c = 0; i < n; i++) {
            if (x.getDouble(i) == 0) continue;
            for (int d = 0; d < rank; d++) out[d * count + c] = (i / strides[d]) % s[d];
            c++;
        }
        return new Tensor[] {Tensor.wrap(DataType.INT64, new int[] {rank, count}, out)};
    }
}
