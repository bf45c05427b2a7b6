package dev.jinn.ops.shape;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Unique-11: the distinct elements (or, with {@code axis}, the distinct slices along it), ascending
 * when {@code sorted} (the default) or in order of first appearance; with the index of each one's
 * first appearance, each input element's index in the result, and the counts (int64 outputs 1..3).
 */
public final class Unique implements Op {
    private final NodeContext node;
    private final Long axis;
    private final boolean sorted;

    public Unique(NodeContext node) {
        this.node = node;
        this.axis = node.has("axis") ? node.getInt("axis", 0) : null;
        this.sorted = node.getInt("sorted", 1) != 0;
    }

    /** A slice's elements, compared as numbers (or strings) lexicographically. */
    private record Key(Object[] v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(v, k.v);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(v);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Comparator<Key> ORDER = (a, b) -> {
        for (int i = 0; i < a.v.length; i++) {
            int c = ((Comparable) a.v[i]).compareTo(b.v[i]);
            if (c != 0) return c;
        }
        return 0;
    };

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        Layouts.checkMovable(node, x, 0);
        int[] s = axis == null ? new int[] {x.size()} : x.shape();
        int ax = axis == null ? 0 : Layouts.axis(node, axis, s.length, "attribute 'axis'");
        int outer = Shapes.size(s, 0, ax);
        int dim = s[ax];
        int inner = Shapes.size(s, ax + 1, s.length);
        boolean integral = x.dtype() != DataType.STRING && !Elementwise.isFloat(x.dtype());
        Map<Key, Integer> first = new HashMap<>();
        List<Key> order = new ArrayList<>();
        Key[] keys = new Key[dim];
        for (int j = 0; j < dim; j++) {
            Object[] v = new Object[outer * inner];
            for (int o = 0, m = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++, m++) {
                    int p = (o * dim + j) * inner + i;
                    v[m] = x.dtype() == DataType.STRING ? x.strings()[p] : integral ? (Object) x.getLong(p) : (Object) x.getDouble(p);
                }
            }
            keys[j] = new Key(v);
            if (first.putIfAbsent(keys[j], j) == null) order.add(keys[j]);
        }
        if (sorted) order.sort(ORDER);
        int k = order.size();
        Map<Key, Integer> rank = new HashMap<>();
        for (int u = 0; u < k; u++) rank.put(order.get(u), u);
        long[] indices = new long[k];
        long[] counts = new long[k];
        long[] inverse = new long[dim];
        for (int u = 0; u < k; u++) indices[u] = first.get(order.get(u));
        for (int j = 0; j < dim; j++) {
            inverse[j] = rank.get(keys[j]);
            counts[(int) inverse[j]]++;
        }
        int[] out = s.clone();
        out[ax] = k;
        int[] map = new int[Shapes.size(out)];
        for (int o = 0; o < outer; o++) {
            for (int u = 0; u < k; u++) {
                for (int i = 0; i < inner; i++) map[(o * k + u) * inner + i] = (int) ((o * dim + indices[u]) * inner + i);
            }
        }
        return new Tensor[] {Layouts.gather(x, out, map), Tensor.wrap(DataType.INT64, new int[] {k}, indices),
            Tensor.wrap(DataType.INT64, new int[] {dim}, inverse), Tensor.wrap(DataType.INT64, new int[] {k}, counts)};
    }
}
