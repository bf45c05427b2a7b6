package dev.jinn.ops.core;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;

/** Constant-1..25: exactly one of value, value_float(s), value_int(s), value_string(s), sparse_value. */
public final class Constant implements Op {
    private static final List<String> VALUE_ATTRS =
            List.of("value", "sparse_value", "value_float", "value_floats", "value_int", "value_ints", "value_string", "value_strings");

    private final Tensor value;

    public Constant(NodeContext node) {
        List<String> given = VALUE_ATTRS.stream().filter(node::has).toList();
        if (given.size() != 1) {
            throw node.malformed("expected exactly one of " + VALUE_ATTRS + ", got " + given);
        }
        var a = node.attribute(given.get(0));
        value = switch (given.get(0)) {
            case "value", "sparse_value" -> a.t();
            case "value_float" -> Tensor.scalar(a.f());
            case "value_floats" -> Tensor.of(a.floats(), a.floats().length);
            case "value_int" -> Tensor.scalar(a.i());
            case "value_ints" -> Tensor.of(a.ints(), a.ints().length);
            case "value_string" -> Tensor.wrap(DataType.STRING, new int[0], new String[] {a.s()});
            default -> Tensor.of(a.strings().toArray(new String[0]), a.strings().size());
        };
    }

    @Override
    public Tensor[] run(Tensor[] inputs, ExecContext ctx) {
        return new Tensor[] {value};
    }
}
