package dev.jinn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.InvalidInputException;
import dev.jinn.ResourceLimitException;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Paths the ONNX node cases do not reach: threads over large tensors, hostile shapes, bad inputs. */
class BasicOpsTest {
    private static final java.util.concurrent.atomic.AtomicInteger DIMS = new java.util.concurrent.atomic.AtomicInteger();

    /** Fresh symbolic dims of the given rank, for graph inputs that take any shape of that rank. */
    private static Object[] sym(int rank) {
        Object[] d = new Object[rank];
        for (int i = 0; i < rank; i++) d[i] = "d" + DIMS.incrementAndGet();
        return d;
    }

    private static Session oneNode(String op, int opset, List<String> inputs, List<Integer> ranks, Map<String, ?> attrs, int threads) {
        ModelBuilder b = new ModelBuilder("g").opset("", opset);
        for (int i = 0; i < inputs.size(); i++) b.input(inputs.get(i), DataType.FLOAT, sym(ranks.get(i)));
        b.output("y", DataType.FLOAT);
        b.node(op, inputs, List.of("y"), attrs);
        return Session.create(ModelLoader.load(b.toBytes(), "t.onnx"), SessionOptions.defaults().withThreads(threads));
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat() * 4 - 2;
        return v;
    }

    @Test
    void threadedBroadcastAddMatchesReference() {
        Random r = new Random(7);
        // [1, 129, 385] + [385]: runs along the last dim; [100003] + [100003]: one run cut into slices.
        int[][][] shapes = {{{1, 129, 385}, {385}}, {{100003}, {100003}}, {{3, 257, 129}, {257, 1}}};
        for (int[][] s : shapes) {
            Tensor a = Tensor.of(random(r, dev.jinn.tensor.Shapes.size(s[0])), s[0]);
            Tensor b = Tensor.of(random(r, dev.jinn.tensor.Shapes.size(s[1])), s[1]);
            try (Session session = oneNode("Mul", 17, List.of("a", "b"), List.of(s[0].length, s[1].length), Map.of(), 4)) {
                Tensor y = session.run(Map.of("a", a, "b", b)).get(0);
                dev.jinn.kernels.Broadcast plan = dev.jinn.kernels.Broadcast.of(s[0], s[1]);
                int[] ia = plan.indexOf(0);
                int[] ib = dev.jinn.kernels.Broadcast.of(s[0], s[1]).indexOf(1);
                assertArrayEquals(plan.shape(), y.shape());
                for (int i = 0; i < y.size(); i++) {
                    assertEquals((float) ((double) a.floats()[ia[i]] * b.floats()[ib[i]]), y.floats()[i], 0f, "element " + i);
                }
            }
        }
    }

    @Test
    void threadedUnaryMatchesReference() {
        float[] x = random(new Random(8), 100003);
        try (Session session = oneNode("Tanh", 13, List.of("x"), List.of(1), Map.of(), 4)) {
            float[] y = session.run(Map.of("x", Tensor.of(x, x.length))).get(0).floats();
            for (int i = 0; i < x.length; i++) assertEquals(Math.tanh(x[i]), y[i], 2e-7 + 2e-6 * Math.abs(y[i]), "element " + i);
        }
    }

    @Test
    void reduceMeanOverLastAxisMatchesReference() {
        float[] x = random(new Random(9), 2 * 7 * 385);
        try (Session session = oneNode("ReduceMean", 13, List.of("x"), List.of(3), Map.of("axes", new long[] {-1}), 2)) {
            Tensor y = session.run(Map.of("x", Tensor.of(x, 2, 7, 385))).get(0);
            assertArrayEquals(new int[] {2, 7, 1}, y.shape());
            for (int row = 0; row < 14; row++) {
                double sum = 0;
                for (int i = 0; i < 385; i++) sum += x[row * 385 + i];
                assertEquals(sum / 385, y.floats()[row], 1e-6, "row " + row);
            }
        }
    }

    @Test
    void squareByPowIsExactProduct() {
        float[] x = random(new Random(10), 1001);
        ModelBuilder b = new ModelBuilder("g").opset("", 13).input("x", DataType.FLOAT, sym(2)).output("y", DataType.FLOAT)
                .initializer("two", Tensor.scalar(2f)).node("Pow", List.of("x", "two"), List.of("y"), Map.of());
        try (Session s = Session.create(ModelLoader.load(b.toBytes(), "t.onnx"), SessionOptions.defaults())) {
            float[] y = s.run(Map.of("x", Tensor.of(x, 7, 143))).get(0).floats();
            for (int i = 0; i < x.length; i++) assertEquals(x[i] * x[i], y[i], 0f);
        }
    }

    @Test
    void hostileShapesAreRefusedBeforeAllocating() {
        Tensor huge = Tensor.of(new long[] {1 << 20, 1 << 20, 1 << 20}, 3);
        ModelBuilder b = new ModelBuilder("g").opset("", 13).input("s", DataType.INT64, sym(1)).output("y", DataType.FLOAT)
                .node("ConstantOfShape", List.of("s"), List.of("y"), Map.of());
        try (Session s = Session.create(ModelLoader.load(b.toBytes(), "t.onnx"), SessionOptions.defaults())) {
            ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> s.run(Map.of("s", huge)));
            assertTrue(e.getMessage().contains("ConstantOfShape"), e.getMessage());
            // Within a Java array but over a 1 MiB run budget.
            Tensor big = Tensor.of(new long[] {1024, 1024}, 2);
            try (Session small = Session.create(ModelLoader.load(b.toBytes(), "t.onnx"), SessionOptions.defaults().withRunBudget(1 << 20))) {
                assertThrows(ResourceLimitException.class, () -> small.run(Map.of("s", big)));
            }
        }
        ModelBuilder e = new ModelBuilder("g").opset("", 13).input("x", DataType.FLOAT, sym(1)).input("s", DataType.INT64, sym(1))
                .output("y", DataType.FLOAT).node("Expand", List.of("x", "s"), List.of("y"), Map.of());
        try (Session s = Session.create(ModelLoader.load(e.toBytes(), "t.onnx"), SessionOptions.defaults())) {
            assertThrows(ResourceLimitException.class,
                    () -> s.run(Map.of("x", Tensor.of(new float[] {1}, 1), "s", Tensor.of(new long[] {1 << 30, 1 << 30}, 2))));
        }
        ModelBuilder t = new ModelBuilder("g").opset("", 13).input("x", DataType.FLOAT, sym(1)).input("r", DataType.INT64, sym(1))
                .output("y", DataType.FLOAT).node("Tile", List.of("x", "r"), List.of("y"), Map.of());
        try (Session s = Session.create(ModelLoader.load(t.toBytes(), "t.onnx"), SessionOptions.defaults().withRunBudget(1 << 20))) {
            assertThrows(ResourceLimitException.class,
                    () -> s.run(Map.of("x", Tensor.of(new float[] {1, 2}, 2), "r", Tensor.of(new long[] {1 << 20}, 1))));
        }
    }

    @Test
    void badInputsNameTheNode() {
        try (Session s = oneNode("Add", 14, List.of("a", "b"), List.of(2, 1), Map.of(), 1)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> s.run(Map.of("a", Tensor.of(new float[6], 2, 3), "b", Tensor.of(new float[4], 4))));
            assertTrue(e.getMessage().contains("(Add-14)") && e.getMessage().contains("[2, 3] and [4]"), e.getMessage());
        }
        ModelBuilder b = new ModelBuilder("g").opset("", 14).input("a", DataType.INT32, sym(1)).input("b", DataType.INT32, sym(1))
                .output("y", DataType.INT32).node("Div", List.of("a", "b"), List.of("y"), Map.of());
        try (Session s = Session.create(ModelLoader.load(b.toBytes(), "t.onnx"), SessionOptions.defaults())) {
            Tensor y = s.run(Map.of("a", Tensor.of(new int[] {7, -7, 7}, 3), "b", Tensor.of(new int[] {2, 2, -2}, 3))).get(0);
            assertArrayEquals(new int[] {3, -3, -3}, y.ints(), "C truncation");
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> s.run(Map.of("a", Tensor.of(new int[] {1}, 1), "b", Tensor.of(new int[] {0}, 1))));
            assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
        }
    }
}
