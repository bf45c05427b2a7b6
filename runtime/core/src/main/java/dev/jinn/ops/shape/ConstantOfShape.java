package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.CopyKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;

/** ConstantOfShape-9..25: a tensor of the shape in input 0 filled with the one-element {@code value} (default float 0). */
public final class ConstantOfShape implements Op {
    private final NodeContext node;
    private final Tensor value;

    public ConstantOfShape(NodeContext node) {
        this.node = node;
        Tensor v = node.getTensor("value");
        if (v != null && v.size() != 1) throw node.malformed("attribute 'value' must hold one element, has " + v.size());
        if (v != null && (v.dtype().isSubByte() || v.dtype().isComplex())) throw node.unsupported("value of type " + v.dtype());
        this.value = v != null ? v : Tensor.scalar(0f);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        long[] spec = Layouts.ints(node, in[0], 0);
        int n = Layouts.reserve(node, ctx, value.dtype(), spec, 0);
        if (value.dtype() == DataType.FLOAT) {
            // A pooled array: CNNs exported this way build their weights here on every run, and a
            // fresh array of tens of MB is zeroed in cold memory before it is filled.
            float[] y = ctx.outputFloats(n);
            java.util.Arrays.fill(y, value.floats()[0]);
            return new Tensor[] {Tensor.wrap(DataType.FLOAT, Layouts.toInts(spec), y)};
        }
        return new Tensor[] {Tensor.wrap(value.dtype(), Layouts.toInts(spec), CopyKernels.repeat(value.array(), n))};
    }
}
