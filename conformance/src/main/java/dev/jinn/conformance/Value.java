package dev.jinn.conformance;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.jinn.ir.ValueType;
import dev.jinn.onnx.TensorProtos;
import dev.jinn.onnx.proto.Onnx.MapProto;
import dev.jinn.onnx.proto.Onnx.OptionalProto;
import dev.jinn.onnx.proto.Onnx.SequenceProto;
import dev.jinn.onnx.proto.Onnx.TensorProto;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A value from a test's .pb file. Which message the file holds (TensorProto, SequenceProto,
 * OptionalProto, MapProto) is not in the file; as in ONNX's runner it follows from the type the
 * model declares for that input or output.
 */
public sealed interface Value {
    /** Reading test data is not limited by a model's load budget, only by the JVM. */
    long NO_BUDGET = Long.MAX_VALUE;

    record Dense(Tensor tensor) implements Value {
        @Override
        public String describe() {
            return tensor.dtype() + java.util.Arrays.toString(tensor.shape());
        }
    }

    record Sequence(List<Value> items) implements Value {
        @Override
        public String describe() {
            return "sequence of " + items.size();
        }
    }

    /** {@code value} is null for an empty optional. */
    record Optional(Value value) implements Value {
        @Override
        public String describe() {
            return value == null ? "empty optional" : "optional " + value.describe();
        }
    }

    record MapOf(Tensor keys, Value values) implements Value {
        @Override
        public String describe() {
            return "map of " + keys.size();
        }
    }

    /** The value's kind and size, for messages. */
    String describe();

    static Value parse(byte[] bytes, ValueType declared, String label) throws InvalidProtocolBufferException {
        return switch (declared) {
            case ValueType.SequenceType s -> sequence(SequenceProto.parseFrom(bytes), label);
            case ValueType.OptionalType o -> optional(OptionalProto.parseFrom(bytes), label);
            case ValueType.MapType m -> map(MapProto.parseFrom(bytes), label);
            case ValueType.SparseTensorType s -> throw new UnrepresentableValueException(label + ": a sparse tensor");
            default -> new Dense(tensor(TensorProto.parseFrom(bytes), label));
        };
    }

    private static Tensor tensor(TensorProto p, String label) {
        return TensorProtos.read(p, label, NO_BUDGET);
    }

    private static Value sequence(SequenceProto p, String label) {
        List<Value> items = new ArrayList<>();
        for (int i = 0; i < p.getTensorValuesCount(); i++) items.add(new Dense(tensor(p.getTensorValues(i), label + "[" + i + "]")));
        for (int i = 0; i < p.getSequenceValuesCount(); i++) items.add(sequence(p.getSequenceValues(i), label + "[" + i + "]"));
        for (int i = 0; i < p.getMapValuesCount(); i++) items.add(map(p.getMapValues(i), label + "[" + i + "]"));
        for (int i = 0; i < p.getOptionalValuesCount(); i++) items.add(optional(p.getOptionalValues(i), label + "[" + i + "]"));
        if (p.getSparseTensorValuesCount() > 0) {
            throw new UnrepresentableValueException(label + ": a sequence of sparse tensors");
        }
        return new Sequence(List.copyOf(items));
    }

    private static Value optional(OptionalProto p, String label) {
        if (p.hasTensorValue()) return new Optional(new Dense(tensor(p.getTensorValue(), label)));
        if (p.hasSequenceValue()) return new Optional(sequence(p.getSequenceValue(), label));
        if (p.hasMapValue()) return new Optional(map(p.getMapValue(), label));
        if (p.hasOptionalValue()) return new Optional(optional(p.getOptionalValue(), label));
        if (p.hasSparseTensorValue()) throw new UnrepresentableValueException(label + ": an optional sparse tensor");
        return new Optional(null);
    }

    private static Value map(MapProto p, String label) {
        Tensor keys = p.getStringKeysCount() > 0
                ? Tensor.of(p.getStringKeysList().stream().map(b -> b.toStringUtf8()).toArray(String[]::new), p.getStringKeysCount())
                : Tensor.of(p.getKeysList().stream().mapToLong(Long::longValue).toArray(), p.getKeysCount());
        return new MapOf(keys, sequence(p.getValues(), label + ".values"));
    }

    /** A value Jinn has no way to hold yet; the case is unsupported rather than wrong. */
    final class UnrepresentableValueException extends RuntimeException {
        UnrepresentableValueException(String message) {
            super(message);
        }
    }
}
