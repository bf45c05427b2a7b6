package dev.jinn.ops.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.JinnException;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attributes or inputs that ask for an enormous output fail with a Jinn exception naming the node, before allocating. */
class HostileShapesTest {
    @Test
    void hugeScalesAreRefused() {
        for (float scale : new float[] {1e6f, 1e12f}) {
            ModelBuilder mb = new ModelBuilder("r").opset("", 19).input("X", DataType.FLOAT, 1, 1, 4, 4)
                    .initializer("scales", Tensor.of(new float[] {1, 1, scale, scale}, 4))
                    .output("Y", DataType.FLOAT, 1, 1, "h", "w")
                    .node("ai.onnx", "Resize", List.of("X", "", "scales"), List.of("Y"), Map.of("mode", "nearest"), "big_resize");
            try (Session s = Session.create(ModelLoader.load(mb.toBytes(), "r.onnx"), SessionOptions.defaults())) {
                JinnException e = assertThrows(JinnException.class, () -> s.run(Map.of("X", Tensor.of(new float[16], 1, 1, 4, 4))));
                assertTrue(e.getMessage().contains("big_resize"), e.getMessage());
            }
        }
    }

    @Test
    void scatterIndicesThatAreNotIntegersNameTheInput() {
        // Found by ModelFuzzTest: ScatterND read bool indices as numbers and failed out of bounds mid-run.
        for (String op : List.of("ScatterND", "ScatterElements")) {
            ModelBuilder mb = new ModelBuilder("s").input("data", DataType.FLOAT, 3, 2).input("idx", DataType.BOOL, 3, 2)
                    .input("upd", DataType.FLOAT, 3, 2).output("Y", DataType.FLOAT, 3, 2)
                    .node("ai.onnx", op, List.of("data", "idx", "upd"), List.of("Y"), Map.of(), "scatter");
            try (Session s = Session.create(ModelLoader.load(mb.toBytes(), "s.onnx"), SessionOptions.defaults().withThreads(1))) {
                dev.jinn.InvalidInputException e = assertThrows(dev.jinn.InvalidInputException.class, () -> s.run(Map.of(
                        "data", Tensor.of(new float[6], 3, 2), "idx", Tensor.of(new boolean[6], 3, 2), "upd", Tensor.of(new float[6], 3, 2))));
                assertTrue(e.getMessage().contains("node 'scatter'") && e.getMessage().contains("input 1 'idx': type bool"), e.getMessage());
            }
        }
    }

    @Test
    void emptyResizeWithAHugeAxisAllocatesNothing() {
        // Found by ModelFuzzTest (as a hang): the taps of the 2^29-long axis were computed for an empty
        // output; at 2^29 they need 4 GiB, more than the tests' heap.
        ModelBuilder mb = new ModelBuilder("r").opset("", 19).input("X", DataType.FLOAT, 1, 1, 4, 4)
                .input("sizes", DataType.INT64, 4).output("Y", DataType.FLOAT, "n", "c", "h", "w")
                .node("ai.onnx", "Resize", List.of("X", "", "", "sizes"), List.of("Y"), Map.of("mode", "nearest"), "empty_resize");
        try (Session s = Session.create(ModelLoader.load(mb.toBytes(), "r.onnx"), SessionOptions.defaults().withThreads(1))) {
            Tensor y = s.run(Map.of("X", Tensor.of(new float[16], 1, 1, 4, 4), "sizes", Tensor.of(new long[] {0, 1, 4, 1 << 29}, 4)))
                    .get("Y");
            assertArrayEquals(new int[] {0, 1, 4, 1 << 29}, y.shape());
        }
    }

    @Test
    void hugeConvTransposeOutputShapeIsRefused() {
        ModelBuilder mb = new ModelBuilder("ct").input("X", DataType.FLOAT, 1, 1, 3, 3)
                .initializer("W", Tensor.of(new float[9], 1, 1, 3, 3)).output("Y", DataType.FLOAT, 1, 1, "h", "w")
                .node("ai.onnx", "ConvTranspose", List.of("X", "W"), List.of("Y"),
                        Map.of("output_shape", new long[] {3_000_000_000L, 5}), "big_ct");
        try (Session s = Session.create(ModelLoader.load(mb.toBytes(), "ct.onnx"), SessionOptions.defaults())) {
            JinnException e = assertThrows(JinnException.class, () -> s.run(Map.of("X", Tensor.of(new float[9], 1, 1, 3, 3))));
            assertTrue(e.getMessage().contains("big_ct"), e.getMessage());
        }
    }
}
