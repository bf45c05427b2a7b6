package dev.jinn.ops.logic;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.function.DoublePredicate;

/** IsInf-10/20: true where a float element is +inf (if detect_positive) or -inf (if detect_negative). */
public final class IsInf implements Op {
    private final NodeContext node;
    private final boolean negative;
    private final boolean positive;

    public IsInf(NodeContext node) {
        this.node = node;
        this.negative = node.getInt("detect_negative", 1) != 0;
        this.positive = node.getInt("detect_positive", 1) != 0;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        return new Tensor[] {test(node, in[0], v -> (positive && v == Double.POSITIVE_INFINITY) || (negative && v == Double.NEGATIVE_INFINITY))};
    }

    /** A bool tensor of {@code p} over the elements of float tensor {@code x}. */
    static Tensor test(NodeContext node, Tensor x, DoublePredicate p) {
        if (!Elementwise.isFloat(x.dtype())) throw Elementwise.badType(node, 0, x.dtype());
        byte[] y = new byte[x.size()];
        for (int i = 0; i < y.length; i++) y[i] = (byte) (p.test(x.getDouble(i)) ? 1 : 0);
        return Tensor.wrap(DataType.BOOL, x.shape(), y);
    }
}
