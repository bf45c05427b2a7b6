package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;
import java.util.Arrays;

/**
 * Reshape-5..25: the same data under the shape in input 1. A 0 copies the input's dim (unless
 * {@code allowzero}, Reshape-14, makes it a literal 0), one -1 is inferred. No data is copied.
 */
public final class Reshape implements Op {
    private final NodeContext node;
    private final boolean allowZero;

    public Reshape(NodeContext node) {
        this.node = node;
        this.allowZero = node.getInt("allowzero", 0) != 0;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        return new Tensor[] {x.reshape(resolve(node, x.shape(), Layouts.ints(node, in[1], 1), allowZero))};
    }

    static int[] resolve(NodeContext node, int[] from, long[] spec, boolean allowZero) {
        int[] out = new int[spec.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < spec.length; i++) {
            long d = spec[i];
            if (d == -1) {
                if (infer >= 0) throw node.invalid("shape " + Arrays.toString(spec) + " has more than one -1");
                infer = i;
                continue;
            }
            if (d == 0 && !allowZero) {
                if (i >= from.length) throw node.invalid("shape " + Arrays.toString(spec) + ": dim " + i + " is 0 but the input has rank " + from.length);
                d = from[i];
            }
            if (d < 0 || d > Integer.MAX_VALUE) throw node.invalid("shape " + Arrays.toString(spec) + " has dim " + d);
            out[i] = (int) d;
            known *= d;
            if (known > Integer.MAX_VALUE) known = Integer.MAX_VALUE + 1L;
        }
        long size = Arrays.stream(from).asLongStream().reduce(1, (p, q) -> p * q);
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw node.invalid("cannot reshape " + Arrays.toString(from) + " to " + Arrays.toString(spec));
            }
            out[infer] = (int) (size / known);
        } else if (known != size) {
            throw node.invalid("cannot reshape " + Arrays.toString(from) + " to " + Arrays.toString(spec));
        }
        return out;
    }
}
