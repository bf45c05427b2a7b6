package dev.jinn.ir;

import dev.jinn.tensor.DataType;
import java.util.List;
import java.util.stream.Collectors;

/** The declared type of a graph value (TypeProto). */
public sealed interface ValueType {
    /** A dense tensor; {@code shape} is null when even the rank is unknown, and {@code elem} null when not given. */
    record TensorType(DataType elem, List<Dim> shape) implements ValueType {
        @Override
        public String toString() {
            return (elem == null ? "?" : elem.toString())
                    + (shape == null ? "[...]" : shape.stream().map(Dim::toString).collect(Collectors.joining(",", "[", "]")));
        }
    }

    record SparseTensorType(DataType elem, List<Dim> shape) implements ValueType {
        @Override
        public String toString() {
            return "sparse " + new TensorType(elem, shape);
        }
    }

    record SequenceType(ValueType elem) implements ValueType {
        @Override
        public String toString() {
            return "seq(" + elem + ")";
        }
    }

    record MapType(DataType key, ValueType value) implements ValueType {
        @Override
        public String toString() {
            return "map(" + key + "," + value + ")";
        }
    }

    record OptionalType(ValueType elem) implements ValueType {
        @Override
        public String toString() {
            return "optional(" + elem + ")";
        }
    }

    record OpaqueType(String domain, String name) implements ValueType {
        @Override
        public String toString() {
            return "opaque(" + domain + "." + name + ")";
        }
    }

    /** Types left out of the model (allowed for intermediate values and in subgraphs). */
    record Unspecified() implements ValueType {
        @Override
        public String toString() {
            return "?";
        }
    }
}
