package dev.jinn.ops.shape;

import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/** The write side of ScatterElements, ScatterND and Scatter: updates into a copy of data, combined per {@code reduction}. */
final class Scatters {
    private Scatters() {}

    enum Reduction { NONE, ADD, MUL, MAX, MIN }

    static Reduction reduction(NodeContext node) {
        String r = node.getString("reduction", "none");
        return switch (r) {
            case "none" -> Reduction.NONE;
            case "add" -> Reduction.ADD;
            case "mul" -> Reduction.MUL;
            case "max" -> Reduction.MAX;
            case "min" -> Reduction.MIN;
            default -> throw node.malformed("attribute 'reduction': unknown value '" + r + "'");
        };
    }

    /** Update element i goes to flat position {@code to[i]} of data; later updates win when there is no reduction. */
    static Tensor apply(NodeContext node, Tensor data, Tensor updates, int[] to, Reduction r) {
        if (updates.dtype() != data.dtype()) throw node.invalid("updates are " + updates.dtype() + ", data is " + data.dtype());
        int[] shape = data.shape();
        if (r == Reduction.NONE) {
            Object out = Tensor.copyOf(data.dtype(), shape, data.array()).array();
            Object src = updates.array();
            for (int i = 0; i < to.length; i++) System.arraycopy(src, i, out, to[i], 1);
            return Tensor.wrap(data.dtype(), shape, out);
        }
        switch (Elementwise.kind(data.dtype())) {
            case FLOAT, DOUBLE -> {
                double[] out = Tensors.doubles(data).clone();
                double[] u = Tensors.doubles(updates);
                for (int i = 0; i < to.length; i++) {
                    double a = out[to[i]];
                    out[to[i]] = switch (r) {
                        case ADD -> a + u[i];
                        case MUL -> a * u[i];
                        case MAX -> Math.max(a, u[i]);
                        default -> Math.min(a, u[i]);
                    };
                }
                return Tensors.fromDoubles(out, data.dtype(), shape);
            }
            case LONG -> {
                long[] out = Tensors.longs(data).clone();
                long[] u = Tensors.longs(updates);
                for (int i = 0; i < to.length; i++) {
                    long a = out[to[i]];
                    out[to[i]] = switch (r) {
                        case ADD -> a + u[i];
                        case MUL -> a * u[i];
                        case MAX -> Math.max(a, u[i]);
                        default -> Math.min(a, u[i]);
                    };
                }
                return Tensors.fromLongs(out, data.dtype(), shape);
            }
            default -> throw Elementwise.badType(node, 0, data.dtype());
        }
    }

    /**
     * ScatterElements' destinations: update element p (coordinates of the indices' shape) goes to p
     * with its {@code axis} coordinate replaced by the index there (negative counts from the end).
     */
    static int[] elementTargets(NodeContext node, Tensor data, Tensor indices, Tensor updates, long axis) {
        if (!Elementwise.isInteger(indices.dtype())) throw Elementwise.badType(node, 1, indices.dtype());
        int[] ds = data.shape();
        int[] is = indices.shape();
        int rank = ds.length;
        if (!java.util.Arrays.equals(is, updates.shape())) throw node.badShape(2, java.util.Arrays.toString(is), updates.shape());
        if (is.length != rank) throw node.badShape(1, "rank " + rank, is);
        int ax = Layouts.axis(node, axis, rank, "attribute 'axis'");
        int[] strides = dev.jinn.tensor.Shapes.strides(ds);
        int[] to = new int[indices.size()];
        int[] pos = new int[rank];
        int dim = ds[ax];
        for (int i = 0; i < to.length; i++) {
            long v = indices.getLong(i);
            if (v < -dim || v >= dim) throw node.invalid("index " + v + " is out of range for axis " + ax + " of size " + dim);
            int off = 0;
            for (int d = 0; d < rank; d++) {
                int c = d == ax ? (int) (v < 0 ? v + dim : v) : pos[d];
                if (c >= ds[d]) throw node.badShape(1, "within " + java.util.Arrays.toString(ds), is);
                off += c * strides[d];
            }
            to[i] = off;
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < is[d]) break;
                pos[d] = 0;
            }
        }
        return to;
    }
}
