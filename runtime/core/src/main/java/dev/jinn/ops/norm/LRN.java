package dev.jinn.ops.norm;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.norm.NormKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/** LRN-1 and 13: local response normalization across the channels of X [N, C, spatial...]. */
public final class LRN implements Op {
    record Attrs(float alpha, float beta, float bias, int size) {}

    private final NodeContext node;
    private final Attrs attrs;

    public LRN(NodeContext node) {
        this.node = node;
        if (!node.has("size")) throw node.malformed("attribute 'size' is required");
        int size = (int) node.getInt("size", 0);
        if (size <= 0) throw node.malformed("attribute 'size': expected a positive value, got " + size);
        this.attrs = new Attrs(node.getFloat("alpha", 1e-4f), node.getFloat("beta", 0.75f), node.getFloat("bias", 1f), size);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        NormSupport.requireFloat(node, x, 0);
        if (x.rank() < 2) throw node.badShape(0, "[N, C, ...] (rank 2 or more)", x.shape());
        int channels = x.dim(1);
        int planes = x.dim(0) * channels;
        int spatial = planes == 0 ? 0 : x.size() / planes;
        ctx.reserve(node.describe() + " output", x.byteSize());
        double[] xs = Tensors.doubles(x);
        double[] ys = new double[xs.length];
        ctx.parallelFor(planes, (long) spatial * attrs.size, (from, to) -> NormKernels.lrn(xs, ys, channels, spatial,
                attrs.size, attrs.alpha, attrs.beta, attrs.bias, from, to));
        return new Tensor[] {Tensors.fromDoubles(ys, x.dtype(), x.shape())};
    }
}
