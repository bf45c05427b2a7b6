package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.CopyKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
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
        return new Tensor[] {Tensor.wrap(value.dtype(), Layouts.toInts(spec), CopyKernels.repeat(value.array(), n))};
    }
}
