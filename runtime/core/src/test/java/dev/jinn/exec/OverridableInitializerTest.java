package dev.jinn.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinn.ir.ValueInfo;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An initializer that is also a graph input (as IR version 3 models list every weight) is a constant
 * for runs that do not feed it, and the value fed for runs that do.
 */
class OverridableInitializerTest {
    /** y = x * (w + 1), w an initializer {2, 3} that the graph also lists as an input. */
    private static Session session(boolean optimize) {
        byte[] model = new ModelBuilder("g").input("x", DataType.FLOAT, 2).input("w", DataType.FLOAT, 2)
                .output("y", DataType.FLOAT, 2)
                .initializer("w", Tensor.of(new float[] {2, 3}, 2)).initializer("one", Tensor.of(new float[] {1}, 1))
                .node("", "Add", List.of("w", "one"), List.of("w1"), Map.of(), "add")
                .node("", "Mul", List.of("x", "w1"), List.of("y"), Map.of(), "mul").toBytes();
        return Session.create(ModelLoader.load(model, "overridable.onnx"), SessionOptions.defaults().withOptimize(optimize));
    }

    @Test
    void anUnfedInitializerIsFoldedAndAFedOneIsUsed() {
        for (boolean optimize : new boolean[] {true, false}) {
            try (Session s = session(optimize)) {
                assertEquals(List.of("x", "w"), s.inputs().stream().map(ValueInfo::name).toList());
                // Optimized, the session's own model folds w + 1: only the Mul is left.
                assertEquals(optimize ? List.of("Mul") : List.of("Add", "Mul"),
                        s.model().graph().nodes().stream().map(n -> n.opType()).toList());
                Tensor x = Tensor.of(new float[] {5, 7}, 2);
                for (int round = 0; round < 2; round++) {
                    assertArrayEquals(new float[] {15, 28}, s.run(Map.of("x", x)).get("y").toFloatArray());
                    assertArrayEquals(new float[] {5 * 11, 7 * -1},
                            s.run(Map.of("x", x, "w", Tensor.of(new float[] {10, -2}, 2))).get("y").toFloatArray());
                }
            }
        }
    }
}
