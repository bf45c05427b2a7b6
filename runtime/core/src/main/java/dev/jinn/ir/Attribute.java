package dev.jinn.ir;

import dev.jinn.tensor.Tensor;
import java.util.List;

/**
 * A node attribute with its typed value. Inside a function body an attribute may instead refer to
 * the calling node's attribute ({@code refAttrName}), and then {@code value} is null.
 */
public record Attribute(String name, Type type, Object value, String refAttrName) {
    public enum Type { FLOAT, INT, STRING, TENSOR, GRAPH, SPARSE_TENSOR, TYPE_PROTO, FLOATS, INTS, STRINGS, TENSORS, GRAPHS, SPARSE_TENSORS, TYPE_PROTOS }

    public float f() {
        return (Float) expect(Type.FLOAT);
    }

    public long i() {
        return (Long) expect(Type.INT);
    }

    public String s() {
        return (String) expect(Type.STRING);
    }

    public Tensor t() {
        return (Tensor) (type == Type.SPARSE_TENSOR ? value : expect(Type.TENSOR));
    }

    public Graph g() {
        return (Graph) expect(Type.GRAPH);
    }

    public float[] floats() {
        return ((float[]) expect(Type.FLOATS)).clone();
    }

    public long[] ints() {
        return ((long[]) expect(Type.INTS)).clone();
    }

    @SuppressWarnings("unchecked")
    public List<String> strings() {
        return (List<String>) expect(Type.STRINGS);
    }

    @SuppressWarnings("unchecked")
    public List<Tensor> tensors() {
        return (List<Tensor>) expect(Type.TENSORS);
    }

    @SuppressWarnings("unchecked")
    public List<Graph> graphs() {
        return (List<Graph>) expect(Type.GRAPHS);
    }

    private Object expect(Type wanted) {
        if (type != wanted) {
            throw new IllegalArgumentException("attribute '" + name + "': expected " + wanted + ", got " + type);
        }
        return value;
    }
}
