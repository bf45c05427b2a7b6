package dev.jinn.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jinn.ir.Model;
import dev.jinn.ir.ValueType;
import dev.jinn.onnx.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which message a .pb holds follows from the type the model declares, as in ONNX's runner. */
class ValueTest {
    private static Value input0(String caseName) throws Exception {
        Path dir = FullRun.data().resolve("node").resolve(caseName);
        Model m = ModelLoader.load(dir.resolve("model.onnx"));
        ValueType declared = m.graph().inputs().get(0).type();
        return Value.parse(Files.readAllBytes(dir.resolve("test_data_set_0/input_0.pb")), declared, caseName);
    }

    @Test
    void aSequenceInputIsReadAsASequenceProto() throws Exception {
        Value v = input0("test_identity_sequence");
        Value.Sequence s = assertInstanceOf(Value.Sequence.class, v);
        assertEquals(2, s.items().size());
        // ONNX's generator: [[[[1, 2], [3, 4]]], [[[2, 3], [1, 5]]]]
        assertArrayEquals(new float[] {1, 2, 3, 4}, ((Value.Dense) s.items().get(0)).tensor().floats());
        assertArrayEquals(new int[] {1, 1, 2, 2}, ((Value.Dense) s.items().get(1)).tensor().shape());
    }

    @Test
    void anOptionalInputIsReadAsAnOptionalProto() throws Exception {
        Value.Optional present = assertInstanceOf(Value.Optional.class, input0("test_identity_opt"));
        assertInstanceOf(Value.Sequence.class, present.value());
        Value.Optional empty = assertInstanceOf(Value.Optional.class, input0("test_optional_has_element_empty_optional_input"));
        assertNull(empty.value());
    }
}
