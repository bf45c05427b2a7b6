package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;

/** GatherElements-11/13: out[i][j][k] = data[i][index[i][j][k]][k] (for axis 1); out has the indices' shape. */
public final class GatherElements implements Op {
    private final NodeContext node;
    private final long axis;

    public GatherElements(NodeContext node) {
        this.node = node;
        this.axis = node.getInt("axis", 0);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Tensor idx = in[1];
        Layouts.checkMovable(node, x, 0);
        if (!Elementwise.isInteger(idx.dtype())) throw Elementwise.badType(node, 1, idx.dtype());
        int[] shape = x.shape();
        int[] is = idx.shape();
        int rank = shape.length;
        if (is.length != rank) throw node.badShape(1, "rank " + rank, is);
        int ax = Layouts.axis(node, axis, rank, "attribute 'axis'");
        for (int d = 0; d < rank; d++) {
            if (d != ax && is[d] > shape[d]) throw node.badShape(1, "at most " + java.util.Arrays.toString(shape), is);
        }
        int[] strides = Shapes.strides(shape);
        int n = idx.size();
        int[] map = new int[n];
        int[] pos = new int[rank];
        int dim = shape[ax];
        for (int i = 0; i < n; i++) {
            long v = idx.getLong(i);
            if (v < -dim || v >= dim) throw node.invalid("index " + v + " is out of range for axis " + ax + " of size " + dim);
            int off = 0;
            for (int d = 0; d < rank; d++) off += (d == ax ? (int) (v < 0 ? v + dim : v) : pos[d]) * strides[d];
            map[i] = off;
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < is[d]) break;
                pos[d] = 0;
            }
        }
        return new Tensor[] {Layouts.gather(x, is, map)};
    }
}
