package dev.jinn.ops.math;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;

/** BitCast-26: the same bits read as type {@code to}, which must have the input's width (8, 16, 32 or 64 bits). */
public final class BitCast implements Op {
    private final NodeContext node;
    private final DataType to;

    public BitCast(NodeContext node) {
        this.node = node;
        int code = (int) node.getInt("to", 0);
        this.to = DataType.fromCode(code);
        if (to == null) throw node.malformed("attribute 'to': unknown type " + code);
        if (!plain(to)) throw node.unsupported("bit cast to " + to);
    }

    private static boolean plain(DataType t) {
        return t != DataType.STRING && !t.isSubByte() && !t.isComplex();
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        DataType from = x.dtype();
        if (!plain(from)) throw Elementwise.badType(node, 0, from);
        if (from.bits() != to.bits()) throw node.invalid("cannot bit cast " + from + " (" + from.bits() + " bits) to " + to + " (" + to.bits() + ")");
        int n = x.size();
        Object out = Tensor.allocate(to, n);
        for (int i = 0; i < n; i++) {
            long b = switch (x.array()) {
                case float[] a -> Float.floatToRawIntBits(a[i]);
                case double[] a -> Double.doubleToRawLongBits(a[i]);
                case short[] a -> a[i];
                case int[] a -> a[i];
                case long[] a -> a[i];
                case byte[] a -> a[i];
                default -> throw Elementwise.badType(node, 0, from);
            };
            switch (out) {
                case float[] o -> o[i] = Float.intBitsToFloat((int) b);
                case double[] o -> o[i] = Double.longBitsToDouble(b);
                case short[] o -> o[i] = (short) b;
                case int[] o -> o[i] = (int) b;
                case long[] o -> o[i] = b;
                case byte[] o -> o[i] = (byte) b;
                default -> throw node.invalid("cannot bit cast to " + to);
            }
        }
        return new Tensor[] {Tensor.wrap(to, x.shape(), out)};
    }
}
