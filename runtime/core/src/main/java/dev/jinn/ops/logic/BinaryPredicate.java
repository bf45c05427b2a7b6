package dev.jinn.ops.logic;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Broadcast;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * Comparisons and boolean connectives: two inputs of one type broadcast together, a bool output.
 * Floats compare in double (exact for every float type); integers in int64, uint64 with its sign
 * bit flipped so that signed comparison orders it correctly.
 */
public abstract class BinaryPredicate implements Op {
    protected final NodeContext node;

    protected BinaryPredicate(NodeContext node) {
        this.node = node;
    }

    protected abstract boolean d(double a, double b);

    protected abstract boolean l(long a, long b);

    protected boolean s(String a, String b) {
        throw node.invalid("string inputs are not supported");
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor a = in[0];
        Tensor b = in[1];
        Elementwise.sameType(node, a, b);
        DataType t = a.dtype();
        Broadcast bc = Elementwise.broadcast(node, ctx, DataType.BOOL, a, b);
        int as = bc.stride(0);
        int bs = bc.stride(1);
        byte[] o = new byte[bc.size()];
        switch (Elementwise.kind(t)) {
            case FLOAT, DOUBLE -> {
                double[] x = Tensors.doubles(a);
                double[] y = Tensors.doubles(b);
                Elementwise.forEach(ctx, bc, (off, oo, n) -> {
                    for (int i = 0; i < n; i++) o[oo + i] = (byte) (d(x[off[0] + i * as], y[off[1] + i * bs]) ? 1 : 0);
                });
            }
            case LONG -> {
                long[] x = Tensors.longs(a);
                long[] y = Tensors.longs(b);
                long flip = t == DataType.UINT64 ? Long.MIN_VALUE : 0;
                Elementwise.forEach(ctx, bc, (off, oo, n) -> {
                    for (int i = 0; i < n; i++) {
                        o[oo + i] = (byte) (l(x[off[0] + i * as] ^ flip, y[off[1] + i * bs] ^ flip) ? 1 : 0);
                    }
                });
            }
            default -> {
                if (t != DataType.STRING) throw Elementwise.badType(node, 0, t);
                String[] x = a.strings();
                String[] y = b.strings();
                bc.forRuns(0, bc.runs(), (off, oo, n) -> {
                    for (int i = 0; i < n; i++) o[oo + i] = (byte) (s(x[off[0] + i * as], y[off[1] + i * bs]) ? 1 : 0);
                });
            }
        }
        return new Tensor[] {Tensor.wrap(DataType.BOOL, bc.shape(), o)};
    }
}
