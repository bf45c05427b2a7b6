package dev.jinn.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.onnx.ModelWriter;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.providers.JavaProvider;
import dev.jinn.providers.Provider;
import dev.jinn.providers.Subgraph;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The planner's grouping of nodes into runs, with a stand-in for ONNX Runtime that takes Identity
 * nodes and runs each subgraph as a Jinn session of its own (so the subgraph must be a valid model).
 * The optimizer is off: the planner is under test, and the optimizer would drop the unread nodes.
 */
class PartitionTest {
    /** Takes the listed ops into runs; each run becomes a nested session on the Java provider. */
    static final class RunsAsModels implements Provider {
        final Set<String> ops;
        final List<Subgraph> runs = new ArrayList<>();
        int closed;

        RunsAsModels(Set<String> ops) {
            this.ops = ops;
        }

        @Override
        public String name() {
            return "runs";
        }

        @Override
        public Compiled compile(String model, Node node, int opset, NodeContext.SubgraphCompiler subgraphs) {
            return new Compiled(null, opset, "runs only");
        }

        @Override
        public boolean takes(Node node, int opset) {
            return ops.contains(node.opType());
        }

        @Override
        public Op compileRun(Subgraph run) {
            runs.add(run);
            // Through bytes and back, as ONNX Runtime would get it.
            Model m = ModelLoader.load(ModelWriter.write(run.asModel()).toByteArray(), "subgraph " + run.index());
            Session s = Session.create(m, SessionOptions.defaults().withThreads(1));
            final class Nested implements Op, AutoCloseable {
                @Override
                public Tensor[] run(Tensor[] inputs, ExecContext ctx) {
                    Map<String, Tensor> feed = new HashMap<>();
                    for (int i = 0; i < inputs.length; i++) feed.put(run.inputNames().get(i), inputs[i]);
                    Result r = s.run(feed);
                    return run.outputNames().stream().map(r::get).toArray(Tensor[]::new);
                }

                @Override
                public void close() {
                    s.close();
                    closed++;
                }
            }
            return new Nested();
        }
    }

    /** ln1(x) -> id_a, ln2(x) -> id_b: in model order J R J R, which the planner regroups into one run. */
    static Model model() {
        float[] ones = new float[4];
        java.util.Arrays.fill(ones, 1f);
        return ModelLoader.load(new ModelBuilder("p")
                .input("x", DataType.FLOAT, 2, 4)
                .output("a", DataType.FLOAT, 2, 4)
                .output("b", DataType.FLOAT, 2, 4)
                .output("l1", DataType.FLOAT, 2, 4)
                .initializer("s", Tensor.of(ones, 4))
                .node("", "LayerNormalization", List.of("x", "s"), List.of("l1"), Map.of(), "ln1")
                .node("", "Identity", List.of("l1"), List.of("a"), Map.of(), "id_a")
                .node("", "LayerNormalization", List.of("x", "s"), List.of("l2"), Map.of(), "ln2")
                .node("", "Constant", List.of(), List.of("c"), Map.of("value", Tensor.scalar(2f)), "c")
                .node("", "Identity", List.of("c"), List.of("c2"), Map.of(), "id_c")
                .node("", "Identity", List.of("l2"), List.of("b0"), Map.of(), "id_b0")
                .node("", "Identity", List.of("b0"), List.of("b"), Map.of(), "id_b")
                .toBytes(), "p.onnx");
    }

    @Test
    void regroupsNodesIntoOneRunWithItsOwnInputsAndOutputs() {
        RunsAsModels runs = new RunsAsModels(Set.of("Identity", "Constant"));
        // Java without Identity, asked first: as Jinn's Java provider is before ONNX Runtime.
        Provider javaWithoutIdentity = new Provider() {
            @Override
            public String name() {
                return "java";
            }

            @Override
            public Compiled compile(String model, Node node, int opset, NodeContext.SubgraphCompiler subgraphs) {
                return node.opType().equals("Identity") ? new Compiled(null, opset, "left out")
                        : JavaProvider.INSTANCE.compile(model, node, opset, subgraphs);
            }
        };
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 4, 3, 2, 1}, 2, 4);
        Result plain = Session.create(model(), SessionOptions.defaults()).run(Map.of("x", x));
        // Optimizer off: it would fold the Constant and drop the unread Identity this test places.
        Session s = Session.create(model(), SessionOptions.defaults().withOptimize(false)
                .withProviders(List.of(javaWithoutIdentity, runs)));
        assertEquals(1, runs.runs.size());
        Subgraph run = runs.runs.get(0);
        assertEquals(List.of("id_a", "c", "id_c", "id_b0", "id_b"), run.nodes().stream().map(Node::name).toList(),
                "the Constant read only by the run joins it");
        assertEquals(List.of("l1", "l2"), run.inputNames());
        // b0 and c2 are read by nobody after the run and are not graph outputs.
        assertEquals(List.of("a", "b"), run.outputNames());
        assertEquals(List.of("java", "java", "runs", "runs", "runs", "runs", "runs"),
                s.placements().stream().map(Placement::provider).toList());
        Result r = s.run(Map.of("x", x));
        for (String name : List.of("a", "b", "l1")) assertArrayEquals(plain.get(name).floats(), r.get(name).floats(), name);
        s.close();
        assertEquals(1, runs.closed);
    }

    @Test
    void onlyJavaKeepsTheModelOrder() {
        Session s = Session.create(model(), SessionOptions.defaults().withOptimize(false));
        assertEquals(List.of("ln1", "id_a", "ln2", "c", "id_c", "id_b0", "id_b"),
                s.placements().stream().map(p -> p.node().name()).toList());
        assertTrue(s.placements().stream().allMatch(p -> p.subgraph() == -1));
    }
}
