package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;

/** Shape-1..25: the input's dims as int64; from Shape-15 only dims [start, end), both clamped to [0, rank]. */
public final class Shape implements Op {
    private final long start;
    private final Long end;

    public Shape(NodeContext node) {
        start = node.getInt("start", 0);
        end = node.has("end") ? node.getInt("end", 0) : null;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        int[] shape = in[0].shape();
        int rank = shape.length;
        int from = clamp(start, rank);
        int to = end == null ? rank : clamp(end, rank);
        long[] out = new long[Math.max(0, to - from)];
        for (int i = 0; i < out.length; i++) out[i] = shape[from + i];
        return new Tensor[] {Tensor.wrap(DataType.INT64, new int[] {out.length}, out)};
    }

    private static int clamp(long v, int rank) {
        return (int) Math.max(0, Math.min(rank, v < 0 ? v + rank : v));
    }
}
