package dev.jinn.providers.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.exec.Placement;
import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.ops.NodeContext;
import dev.jinn.providers.JavaProvider;
import dev.jinn.providers.Provider;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * all-MiniLM-L6-v2 (from langchain4j's embedding jar) under {@code auto} against the whole model on
 * ONNX Runtime: whatever Jinn runs in Java must agree with ORT, and the subgraphs cut out for ORT
 * must say the same as the whole model.
 */
class MiniLmDifferentialTest {
    static final String RESOURCE = "/all-minilm-l6-v2.onnx";
    static final int VOCAB = 30522;
    static final int TOKENS = 128;

    static Model load() throws IOException {
        try (InputStream in = MiniLmDifferentialTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " is not on the test classpath");
            return ModelLoader.load(in.readAllBytes(), "all-minilm-l6-v2.onnx");
        }
    }

    static Map<String, Tensor> inputs(Model m, long seed) {
        Random r = new Random(seed);
        long[] ids = new long[TOKENS];
        for (int i = 0; i < TOKENS; i++) ids[i] = r.nextInt(VOCAB);
        long[] ones = new long[TOKENS];
        Arrays.fill(ones, 1);
        Map<String, Tensor> in = new HashMap<>();
        in.put("input_ids", Tensor.wrap(DataType.INT64, new int[] {1, TOKENS}, ids));
        in.put("attention_mask", Tensor.wrap(DataType.INT64, new int[] {1, TOKENS}, ones));
        if (m.graph().inputs().stream().anyMatch(v -> v.name().equals("token_type_ids"))) {
            in.put("token_type_ids", Tensor.wrap(DataType.INT64, new int[] {1, TOKENS}, new long[TOKENS]));
        }
        return in;
    }

    /**
     * Java without MatMul and Softmax: the model splits into dozens of ORT subgraphs between Java
     * nodes, the way a model with a few operators Jinn lacks does, and must still match the whole
     * model on ORT.
     */
    @Test
    void manySubgraphsMatchWholeModelOrt() throws IOException {
        Model m = load();
        Map<String, Tensor> in = inputs(m, 43);
        Result ort = TestModels.run(m, "ort", in);
        OrtProvider rest = OrtProvider.cpu();
        Set<String> leftOut = Set.of("MatMul", "Softmax");
        Provider java = new Provider() {
            @Override
            public String name() {
                return "java";
            }

            @Override
            public Compiled compile(String model, Node node, int opset, NodeContext.SubgraphCompiler subgraphs) {
                return leftOut.contains(node.opType()) ? new Compiled(null, opset, "left out for this test")
                        : JavaProvider.INSTANCE.compile(model, node, opset, subgraphs);
            }
        };
        // The optimizer off: it would fuse MatMul+Add into Gemm, which Java has.
        try (Session s = Session.create(m, SessionOptions.defaults().withOptimize(false).withProviders(List.of(java, rest)))) {
            Map<String, Long> byProvider = s.placements().stream()
                    .collect(Collectors.groupingBy(Placement::provider, TreeMap::new, Collectors.counting()));
            long subgraphs = s.placements().stream().mapToInt(Placement::subgraph).filter(i -> i >= 0).distinct().count();
            Result split = s.run(in);
            double d = TestModels.maxAbsDiff(ort.get(0), split.get(0));
            System.out.printf("MiniLM split %s into %d ORT subgraphs vs ort: max abs diff %.3g%n", byProvider, subgraphs, d);
            assertTrue(subgraphs >= 10, "expected many subgraphs, got " + subgraphs);
            assertTrue(d <= 1e-4, "max abs diff " + d);
        }
        assertEquals(0, rest.openSessions());
    }

    @Test
    void autoMatchesWholeModelOrt() throws IOException {
        Model m = load();
        Map<String, Tensor> in = inputs(m, 42);
        Result ort = TestModels.run(m, "ort", in);
        try (Session s = Session.create(m, SessionOptions.defaults().withProviders(Providers.forMode("auto")))) {
            Result auto = s.run(in);
            long java = s.placements().stream().filter(p -> p.provider().equals("java")).count();
            long subgraphs = s.placements().stream().mapToInt(Placement::subgraph).filter(i -> i >= 0).distinct().count();
            assertEquals(ort.names(), auto.names());
            double worst = 0;
            for (String name : ort.names()) {
                double d = TestModels.maxAbsDiff(ort.get(name), auto.get(name));
                System.out.printf("MiniLM %s %s: auto (%d nodes in Java, %d ORT subgraphs) vs ort: max abs diff %.3g%n",
                        name, Arrays.toString(ort.get(name).shape()), java, subgraphs, d);
                worst = Math.max(worst, d);
            }
            assertTrue(worst <= 1e-4, "max abs diff " + worst);
            assertEquals(TOKENS * 384, ort.get(0).size() / ort.get(0).dim(0));
        }
    }
}
