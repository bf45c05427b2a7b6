package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import java.util.Arrays;

/**
 * ScatterND-11..18: indices [..., k] address slices data[i0, ..., ik-1] that take the matching
 * update slices; reduction from 16 (add, mul) and 18 (max, min).
 */
public final class ScatterND implements Op {
    private final NodeContext node;
    private final Scatters.Reduction reduction;

    public ScatterND(NodeContext node) {
        this.node = node;
        this.reduction = Scatters.reduction(node);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor data = in[0];
        Tensor idx = in[1];
        Tensor updates = in[2];
        Layouts.checkMovable(node, data, 0);
        if (!Elementwise.isInteger(idx.dtype())) throw Elementwise.badType(node, 1, idx.dtype());
        int[] ds = data.shape();
        int[] is = idx.shape();
        if (is.length == 0) throw node.badShape(1, "rank 1 or more", is);
        int k = is[is.length - 1];
        if (k > ds.length) throw node.badShape(1, "a last dim of at most " + ds.length, is);
        int[] expected = new int[is.length - 1 + ds.length - k];
        System.arraycopy(is, 0, expected, 0, is.length - 1);
        System.arraycopy(ds, k, expected, is.length - 1, ds.length - k);
        if (!Arrays.equals(expected, updates.shape())) throw node.badShape(2, Arrays.toString(expected), updates.shape());
        int[] strides = Shapes.strides(ds);
        int slice = Shapes.size(ds, k, ds.length);
        int tuples = Shapes.size(is, 0, is.length - 1);
        int[] to = new int[updates.size()];
        for (int t = 0; t < tuples; t++) {
            int base = 0;
            for (int m = 0; m < k; m++) {
                long v = idx.getLong(t * k + m);
                if (v < -ds[m] || v >= ds[m]) throw node.invalid("index " + v + " is out of range for dim " + m + " of size " + ds[m]);
                base += (int) (v < 0 ? v + ds[m] : v) * strides[m];
            }
            for (int e = 0; e < slice; e++) to[t * slice + e] = base + e;
        }
        return new Tensor[] {Scatters.apply(node, data, updates, to, reduction)};
    }
}
