package dev.jinn.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The static memory plan over random DAGs of elementwise ops, views, Softmax and MatMul. Lifetimes
 * are worked out here from the graph itself (a view keeps its source's array alive), not taken
 * from the plan, and no two arrays that share a buffer may be alive at once, except an in-place
 * op's output taking the buffer of an input that dies there. Outputs must be bitwise the same with
 * the plan on and off, in the run that records the plan and in the runs that follow it, and a
 * result kept open must not change while later runs reuse the arena.
 */
class MemoryPlanTest {
    private static final String[] UNARY = {"Relu", "Neg", "Sigmoid", "Tanh", "Abs"};
    private static final String[] BINARY = {"Add", "Mul", "Sub"};
    private static final Set<String> ELEMENTWISE = Set.of("Relu", "Neg", "Sigmoid", "Tanh", "Abs", "Add", "Mul", "Sub");
    private static final Set<String> VIEWS = Set.of("Identity", "Reshape");

    /** A random graph: its bytes, each node's op type, inputs and output, and its outputs. */
    private record Dag(byte[] model, List<String> ops, List<List<String>> inputs, List<String> outputs, List<String> results) {}

    @Test
    void randomGraphsShareNoBytesBetweenLiveValuesAndMatchThePlanlessRun() {
        for (int seed = 0; seed < 40; seed++) {
            Dag dag = dag(new Random(seed), 6 + seed % 25);
            Random r = new Random(1000 + seed);
            float[] x = new float[32];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            Map<String, Tensor> feed = Map.of("x", Tensor.of(x, 4, 8));
            SessionOptions base = SessionOptions.defaults().withThreads(1).withOptimize(false);
            List<float[]> want = new ArrayList<>();
            try (Session off = Session.create(ModelLoader.load(dag.model(), "dag" + seed), base.withMemoryPlan(false));
                 Result res = off.run(feed)) {
                for (String name : dag.results()) want.add(res.get(name).floats().clone());
            }
            try (Session on = Session.create(ModelLoader.load(dag.model(), "dag" + seed), base)) {
                Result kept = on.run(feed);
                for (int run = 0; run < 4; run++) {
                    try (Result res = on.run(feed)) {
                        for (int k = 0; k < want.size(); k++) {
                            assertArrayEquals(want.get(k), res.get(dag.results().get(k)).floats(),
                                    "seed " + seed + ", run " + run + ", output " + dag.results().get(k));
                        }
                    }
                }
                for (int k = 0; k < want.size(); k++) {
                    assertArrayEquals(want.get(k), kept.get(dag.results().get(k)).floats(),
                            "seed " + seed + ": the first run's output changed while later runs used the arena");
                }
                checkNoOverlap(seed, dag, on.memoryPlan(feed));
            }
        }
    }

    @Test
    void aChainOfElementwiseOpsRunsInPlaceInOneBuffer() {
        ModelBuilder b = new ModelBuilder("g").opset("", 17).input("x", DataType.FLOAT, 64);
        String prev = "x";
        for (int i = 0; i < 6; i++) {
            b.node(UNARY[i % UNARY.length], List.of(prev), List.of("v" + i), Map.of());
            prev = "v" + i;
        }
        byte[] model = b.node("Softmax", List.of(prev), List.of("y"), Map.of()).output("y", DataType.FLOAT, 64).toBytes();
        try (Session s = Session.create(ModelLoader.load(model, "chain.onnx"), SessionOptions.defaults().withOptimize(false))) {
            MemoryPlan p = s.memoryPlan(Map.of("x", Tensor.of(new float[64], 64)));
            // v0 is made from the graph input, v1..v5 each overwrite the one before: one buffer of 64 floats.
            assertEquals(1, p.buffers());
            assertEquals(256, p.arenaBytes());
            assertEquals(5, p.requests().stream().filter(q -> q.inPlaceOf != null && q.buffer == q.inPlaceOf.buffer).count());
        }
    }

    private static void checkNoOverlap(int seed, Dag dag, MemoryPlan plan) {
        // Node order is step order: the optimizer is off and one provider runs everything.
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < dag.outputs().size(); i++) producer.put(dag.outputs().get(i), i);
        Map<String, String> source = new HashMap<>();
        for (int i = 0; i < dag.ops().size(); i++) {
            String in = dag.inputs().get(i).get(0);
            source.put(dag.outputs().get(i), VIEWS.contains(dag.ops().get(i)) ? source.getOrDefault(in, in) : dag.outputs().get(i));
        }
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < dag.ops().size(); i++) {
            for (String in : dag.inputs().get(i)) lastUse.merge(source.getOrDefault(in, in), i, Math::max);
            lastUse.merge(source.get(dag.outputs().get(i)), i, Math::max);
        }
        for (String out : dag.results()) lastUse.put(source.getOrDefault(out, out), Integer.MAX_VALUE);
        List<MemoryPlan.Request> placed = plan.requests().stream().filter(q -> q.buffer >= 0).toList();
        assertTrue(placed.stream().allMatch(q -> q.name != null && !dag.results().contains(source.get(q.name))),
                "seed " + seed + ": an output's array was placed in the arena");
        for (MemoryPlan.Request a : placed) {
            for (MemoryPlan.Request b : placed) {
                if (a == b || a.buffer != b.buffer || a.step > b.step) continue;
                int aEnd = lastUse.get(source.get(a.name));
                int bStart = producer.get(b.name);
                if (aEnd < bStart) continue;
                // Overlapping only where b is an elementwise op's output, made at a's last use from a's value.
                boolean inPlace = aEnd == bStart && ELEMENTWISE.contains(dag.ops().get(bStart))
                        && dag.inputs().get(bStart).stream().anyMatch(in -> source.getOrDefault(in, in).equals(source.get(a.name)));
                assertTrue(inPlace, "seed " + seed + ": " + a.name + " (alive until node " + aEnd + ") and " + b.name
                        + " (made at node " + bStart + ") share buffer " + a.buffer);
            }
        }
    }

    /** Values of shape [4, 8] and [2, 16]; each node reads values of one shape. */
    private static Dag dag(Random r, int nodes) {
        ModelBuilder b = new ModelBuilder("g").opset("", 17).input("x", DataType.FLOAT, 4, 8);
        float[] w = new float[64];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian() / 4;
        b.initializer("w", Tensor.of(w, 8, 8));
        b.initializer("to2x16", Tensor.of(new long[] {2, 16}, 2));
        b.initializer("to4x8", Tensor.of(new long[] {4, 8}, 2));
        Map<String, List<String>> byShape = new LinkedHashMap<>();
        byShape.put("4x8", new ArrayList<>(List.of("x")));
        byShape.put("2x16", new ArrayList<>());
        Map<String, String> shapeOf = new HashMap<>(Map.of("x", "4x8"));
        List<String> ops = new ArrayList<>(), outs = new ArrayList<>();
        List<List<String>> ins = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            String out = "v" + i;
            String shape = byShape.get("2x16").isEmpty() || r.nextInt(3) > 0 ? "4x8" : "2x16";
            List<String> pool = byShape.get(shape);
            // Recent values are read more often, so most values die soon and buffers get reused.
            String a = pool.get(Math.max(0, pool.size() - 1 - r.nextInt(Math.min(pool.size(), 4))));
            String op;
            List<String> in;
            String outShape = shape;
            int pick = r.nextInt(10);
            if (pick < 4) {
                op = UNARY[r.nextInt(UNARY.length)];
                in = List.of(a);
            } else if (pick < 7) {
                op = BINARY[r.nextInt(BINARY.length)];
                in = List.of(a, pool.get(r.nextInt(pool.size())));
            } else if (pick == 7) {
                op = r.nextBoolean() ? "Identity" : "Reshape";
                outShape = op.equals("Identity") ? shape : shape.equals("4x8") ? "2x16" : "4x8";
                in = op.equals("Identity") ? List.of(a) : List.of(a, "to" + outShape);
            } else if (pick == 8) {
                op = "Softmax";
                in = List.of(a);
            } else if (shape.equals("4x8")) {
                op = "MatMul";
                in = List.of(a, "w");
            } else {
                op = "Relu";
                in = List.of(a);
            }
            b.node(op, in, List.of(out), Map.of());
            ops.add(op);
            ins.add(in);
            outs.add(out);
            byShape.get(outShape).add(out);
            shapeOf.put(out, outShape);
        }
        Set<String> results = new LinkedHashSet<>();
        results.add(outs.get(outs.size() - 1));
        for (int k = r.nextInt(3); k > 0; k--) results.add(outs.get(r.nextInt(outs.size())));
        for (String res : results) {
            b.output(res, DataType.FLOAT, shapeOf.get(res).equals("4x8") ? new Object[] {4, 8} : new Object[] {2, 16});
        }
        return new Dag(b.toBytes(), ops, ins, outs, List.copyOf(results));
    }
}
