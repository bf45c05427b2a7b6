package dev.jinn.ops.math;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.tensor.Tensor;

/** Max, Min, Sum and Mean: the binary formula folded left over one or more inputs, all broadcast together. */
public abstract class Variadic extends Binary {
    protected Variadic(NodeContext node) {
        super(node);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        if (in.length == 0 || in[0] == null) throw node.malformed("expected at least one input");
        Tensor acc = in[0];
        for (int i = 1; i < in.length; i++) acc = apply(acc, in[i], ctx);
        return new Tensor[] {finish(acc, in.length, ctx)};
    }

    /** Mean divides by the input count; the others return the fold as is. */
    protected Tensor finish(Tensor folded, int inputs, ExecContext ctx) {
        return folded;
    }
}
