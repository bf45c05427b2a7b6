package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;

/**
 * GatherND-11/12/13: indices [..., k] pick slices data[b..., i0, ..., ik-1, :]; the first
 * {@code batch_dims} (from GatherND-12) dims of data and indices are matched batches.
 * out = indices.shape[:-1] + data.shape[batch_dims + k:].
 */
public final class GatherND implements Op {
    private final NodeContext node;
    private final int batchDims;

    public GatherND(NodeContext node) {
        this.node = node;
        this.batchDims = (int) node.getInt("batch_dims", 0);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor data = in[0];
        Tensor idx = in[1];
        Layouts.checkMovable(node, data, 0);
        if (!Elementwise.isInteger(idx.dtype())) throw Elementwise.badType(node, 1, idx.dtype());
        int[] ds = data.shape();
        int[] is = idx.shape();
        int b = batchDims;
        if (is.length < 1 || b < 0 || b >= Math.min(ds.length, is.length)) throw node.badShape(1, "rank above batch_dims " + b, is);
        int k = is[is.length - 1];
        if (b + k > ds.length) throw node.badShape(1, "a last dim of at most " + (ds.length - b), is);
        for (int d = 0; d < b; d++) if (ds[d] != is[d]) throw node.badShape(1, "batch dims matching data's", is);
        int[] out = new int[is.length - 1 + ds.length - b - k];
        System.arraycopy(is, 0, out, 0, is.length - 1);
        System.arraycopy(ds, b + k, out, is.length - 1, ds.length - b - k);
        int[] map = new int[Layouts.reserve(node, ctx, data.dtype(), out, 4)];
        int[] strides = Shapes.strides(ds);
        int slice = Shapes.size(ds, b + k, ds.length);
        int tuples = Shapes.size(is, 0, is.length - 1);
        int perBatch = Shapes.size(is, b, is.length - 1);
        int batchStride = Shapes.size(ds, b, ds.length);
        for (int t = 0; t < tuples; t++) {
            int base = (t / Math.max(1, perBatch)) * batchStride;
            for (int m = 0; m < k; m++) {
                int dim = ds[b + m];
                long v = idx.getLong(t * k + m);
                if (v < -dim || v >= dim) throw node.invalid("index " + v + " is out of range for dim " + (b + m) + " of size " + dim);
                base += (int) (v < 0 ? v + dim : v) * strides[b + m];
            }
            for (int e = 0; e < slice; e++) map[t * slice + e] = base + e;
        }
        return new Tensor[] {Layouts.gather(data, out, map)};
    }
}
