package dev.jinn.ops.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.onnx.proto.Onnx.GraphProto;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** If and Loop whose subgraphs read an outer-scope weight (an implicit input), against hand-computed products. */
class ControlFlowTest {
    private static final float[] X = {1, 2, 3, 4};
    private static final float[] W = {0.5f, -1, 2, 0.25f};

    @Test
    void loopCarriesAndScansWithOuterWeight() {
        GraphProto body = new ModelBuilder("body")
                .input("i", DataType.INT64).input("c", DataType.BOOL).input("x", DataType.FLOAT, 2, 2)
                .output("c_out", DataType.BOOL).output("x_out", DataType.FLOAT, 2, 2).output("scan", DataType.FLOAT, 2, 2)
                .node("Identity", List.of("c"), List.of("c_out"), Map.of())
                .node("MatMul", List.of("x", "W"), List.of("x_out"), Map.of())
                .node("Identity", List.of("x_out"), List.of("scan"), Map.of())
                .build().getGraph();
        ModelBuilder mb = new ModelBuilder("loop").input("X", DataType.FLOAT, 2, 2)
                .initializer("W", Tensor.of(W, 2, 2)).initializer("M", Tensor.of(new long[] {3}))
                .output("Y", DataType.FLOAT, 2, 2).output("S", DataType.FLOAT, 3, 2, 2)
                .node("Loop", List.of("M", "", "X"), List.of("Y", "S"), Map.of("body", body));
        Result r = run(mb, Map.of("X", Tensor.of(X, 2, 2)));
        float[] p1 = mul(X, W), p2 = mul(p1, W), p3 = mul(p2, W);
        assertArrayEquals(p3, r.get(0).floats(), 1e-5f);
        assertArrayEquals(new int[] {3, 2, 2}, r.get(1).shape());
        float[] s = r.get(1).floats();
        assertArrayEquals(p1, java.util.Arrays.copyOfRange(s, 0, 4), 1e-5f);
        assertArrayEquals(p2, java.util.Arrays.copyOfRange(s, 4, 8), 1e-5f);
        assertArrayEquals(p3, java.util.Arrays.copyOfRange(s, 8, 12), 1e-5f);
    }

    @Test
    void aLoopPastTheRunsTimeLimitStopsAndTheSessionRunsOn() {
        // Found by ModelFuzzTest: a Loop with a trip count of 2^62 ran until the harness stopped it.
        GraphProto body = new ModelBuilder("body")
                .input("i", DataType.INT64).input("c", DataType.BOOL).input("x", DataType.FLOAT, 2)
                .output("c_out", DataType.BOOL).output("x_out", DataType.FLOAT, 2)
                .node("Identity", List.of("c"), List.of("c_out"), Map.of())
                .node("Neg", List.of("x"), List.of("x_out"), Map.of())
                .build().getGraph();
        ModelBuilder mb = new ModelBuilder("loop").input("M", DataType.INT64).input("X", DataType.FLOAT, 2)
                .output("Y", DataType.FLOAT, 2)
                .node("", "Loop", List.of("M", "", "X"), List.of("Y"), Map.of("body", body), "forever");
        try (Session s = Session.create(ModelLoader.load(mb.toBytes(), "loop.onnx"), SessionOptions.defaults())) {
            Tensor x = Tensor.of(new float[] {1, -2}, 2);
            var e = org.junit.jupiter.api.Assertions.assertThrows(dev.jinn.ResourceLimitException.class,
                    () -> s.run(Map.of("M", Tensor.scalar(1L << 62), "X", x), java.time.Duration.ofMillis(100)));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("model 'loop.onnx'")
                    && e.getMessage().contains("the run's time limit has passed"), e.getMessage());
            assertArrayEquals(new float[] {-1, 2},
                    s.run(Map.of("M", Tensor.scalar(3L), "X", x), java.time.Duration.ofSeconds(60)).get("Y").floats());
        }
    }

    @Test
    void scanOutputsOfManyIterationsAreChargedToTheRunBudget() {
        // Found by ModelFuzzTest: the expanded Range of float16 limits ran millions of trips, each
        // keeping a scalar scan part, with nothing charged against the run budget.
        GraphProto body = new ModelBuilder("body")
                .input("i", DataType.INT64).input("c", DataType.BOOL)
                .output("c_out", DataType.BOOL).output("scan", DataType.INT64)
                .node("Identity", List.of("c"), List.of("c_out"), Map.of())
                .node("Identity", List.of("i"), List.of("scan"), Map.of())
                .build().getGraph();
        ModelBuilder mb = new ModelBuilder("loop").input("M", DataType.INT64).output("S", DataType.INT64, "n")
                .node("", "Loop", List.of("M", ""), List.of("S"), Map.of("body", body), "many");
        try (Session s = Session.create(ModelLoader.load(mb.toBytes(), "scan.onnx"), SessionOptions.defaults().withRunBudget(1 << 20))) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(dev.jinn.ResourceLimitException.class,
                    () -> s.run(Map.of("M", Tensor.scalar(10_000_000L))));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("node 'many' (Loop")
                    && e.getMessage().contains(Loop.SCAN_OUTPUTS_OF), e.getMessage());
            assertArrayEquals(new long[] {0, 1, 2}, s.run(Map.of("M", Tensor.scalar(3L))).get("S").longs());
        }
    }

    @Test
    void ifTakesTheBranchTheConditionNames() {
        GraphProto then = new ModelBuilder("then").output("t", DataType.FLOAT, 2, 2)
                .node("MatMul", List.of("X", "W"), List.of("t"), Map.of()).build().getGraph();
        GraphProto otherwise = new ModelBuilder("else").output("e", DataType.FLOAT, 2, 2)
                .node("Identity", List.of("X"), List.of("e"), Map.of()).build().getGraph();
        ModelBuilder mb = new ModelBuilder("if").input("C", DataType.BOOL).input("X", DataType.FLOAT, 2, 2)
                .initializer("W", Tensor.of(W, 2, 2)).output("Y", DataType.FLOAT, 2, 2)
                .node("If", List.of("C"), List.of("Y"), Map.of("then_branch", then, "else_branch", otherwise));
        Tensor x = Tensor.of(X, 2, 2);
        assertArrayEquals(mul(X, W), run(mb, Map.of("C", Tensor.of(new boolean[] {true}), "X", x)).get(0).floats(), 1e-6f);
        assertArrayEquals(X, run(mb, Map.of("C", Tensor.of(new boolean[] {false}), "X", x)).get(0).floats());
    }

    private static Result run(ModelBuilder mb, Map<String, Tensor> feed) {
        try (Session s = Session.create(ModelLoader.load(mb.toBytes(), "cf.onnx"), SessionOptions.defaults())) {
            return s.run(feed);
        }
    }

    private static float[] mul(float[] a, float[] b) {
        float[] c = new float[4];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) c[i * 2 + j] = (float) ((double) a[i * 2] * b[j] + (double) a[i * 2 + 1] * b[2 + j]);
        return c;
    }
}
