package dev.jinn.providers.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.ProviderUnavailableException;
import dev.jinn.UnsupportedOperatorException;
import dev.jinn.exec.Placement;
import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Model;
import dev.jinn.providers.Provider;
import dev.jinn.providers.ProviderModes;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OrtProviderTest {
    @Test
    void autoRunsLayerNormInJavaAndTheRestOnOrtAndMatchesWholeModelOrt() {
        Model m = TestModels.mixed(4, 16);
        Map<String, Tensor> in = Map.of("x", TestModels.gaussian(1, 3, 4, 16));
        Result ort = TestModels.run(m, "ort", in);
        try (Session s = Session.create(m, SessionOptions.defaults().withProviders(Providers.forMode("auto")))) {
            Map<String, String> where = s.placements().stream()
                    .collect(Collectors.toMap(p -> p.node().name(), Placement::provider));
            // Jinn's optimizer folds the Constant into an initializer, which the first subgraph carries.
            assertEquals(Map.of("ln1", "java", "ln2", "java", "e1", "ort", "e2", "ort"), where);
            long subgraphs = s.placements().stream().filter(p -> p.subgraph() >= 0).mapToInt(Placement::subgraph).distinct().count();
            assertEquals(2, subgraphs);
            Result auto = s.run(in);
            double diff = TestModels.maxAbsDiff(ort.get("y"), auto.get("y"));
            assertTrue(diff <= 1e-5, "auto vs ort: max abs diff " + diff);
            // A second run reuses the ORT sessions compiled at the first (the Java outputs have no declared type).
            assertEquals(0.0, TestModels.maxAbsDiff(auto.get("y"), s.run(in).get("y")));
        }
    }

    @Test
    void concurrentRunsAgree() throws Exception {
        Model m = TestModels.mixed(8, 32);
        Map<String, Tensor> in = Map.of("x", TestModels.gaussian(9, 2, 8, 32));
        try (Session s = Session.create(m, SessionOptions.defaults().withProviders(Providers.forMode("auto")))) {
            Tensor expected = s.run(in).get("y");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Double>> diffs = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    diffs.add(pool.submit(() -> {
                        double worst = 0;
                        for (int i = 0; i < 200; i++) worst = Math.max(worst, TestModels.maxAbsDiff(expected, s.run(in).get("y")));
                        return worst;
                    }));
                }
                for (java.util.concurrent.Future<Double> d : diffs) assertEquals(0.0, d.get());
            } finally {
                pool.shutdown();
            }
        }
    }

    /** Jinn's If runs a branch whose Einsum goes to ORT, reading a Java value from the enclosing graph. */
    @Test
    void ifBranchSendsItsEinsumToOrt() {
        dev.jinn.onnx.proto.Onnx.GraphProto thenBranch = new dev.jinn.onnx.ModelBuilder("then")
                .output("t", dev.jinn.tensor.DataType.FLOAT, 2, 4)
                .node("", "Einsum", List.of("ln", "ln"), List.of("t"), Map.of("equation", "ij,ij->ij"), "then_einsum").build().getGraph();
        dev.jinn.onnx.proto.Onnx.GraphProto elseBranch = new dev.jinn.onnx.ModelBuilder("else")
                .output("e", dev.jinn.tensor.DataType.FLOAT, 2, 4)
                .node("", "Neg", List.of("ln"), List.of("e"), Map.of(), "else_neg").build().getGraph();
        byte[] bytes = new dev.jinn.onnx.ModelBuilder("if")
                .input("x", dev.jinn.tensor.DataType.FLOAT, 2, 4)
                .input("cond", dev.jinn.tensor.DataType.BOOL)
                .output("y", dev.jinn.tensor.DataType.FLOAT, 2, 4)
                .initializer("s", Tensor.of(new float[] {1, 2, 3, 4}, 4))
                .node("", "LayerNormalization", List.of("x", "s"), List.of("ln"), Map.of(), "ln")
                .node("", "If", List.of("cond"), List.of("y"), Map.of("then_branch", thenBranch, "else_branch", elseBranch), "if")
                .toBytes();
        Model m = dev.jinn.onnx.ModelLoader.load(bytes, "if.onnx");
        for (boolean c : new boolean[] {true, false}) {
            Map<String, Tensor> in = Map.of("x", TestModels.gaussian(4, 2, 4), "cond", Tensor.of(new boolean[] {c}));
            List<Provider> providers = Providers.forMode("auto");
            try (Session s = Session.create(m, SessionOptions.defaults().withProviders(providers))) {
                assertEquals(List.of("java", "java"), s.placements().stream().map(Placement::provider).toList());
                double d = TestModels.maxAbsDiff(TestModels.run(m, "ort", in).get("y"), s.run(in).get("y"));
                // The branch's input comes from outside it, with no declared type: ORT compiles it at its first run.
                assertEquals(c ? 1 : 0, ((OrtProvider) providers.get(1)).openSessions(), "the then branch's Einsum is on ORT");
                assertTrue(d <= 1e-4, "cond " + c + ": max abs diff " + d); // LN outputs up to ~7, squared
            }
        }
    }

    @Test
    void ortModeIsOneSubgraphOfTheWholeModel() {
        var model = TestModels.mixed(2, 8);
        try (Session s = Session.create(model, SessionOptions.defaults().withProviders(Providers.forMode("ort")))) {
            assertTrue(s.placements().stream().allMatch(p -> p.provider().equals("ort") && p.subgraph() == 0),
                    s.placements().toString());
            // Without a Java provider the optimizer stays off: ORT gets every node as written.
            assertEquals(model.graph().nodes().size(), s.placements().size());
        }
    }

    @Test
    void javaModeListsEveryUnsupportedOperator() {
        UnsupportedOperatorException e = assertThrows(UnsupportedOperatorException.class,
                () -> Session.create(TestModels.mixed(2, 8), SessionOptions.defaults().withProviders(Providers.forMode("java"))));
        List<String> ops = e.missing().stream().map(UnsupportedOperatorException.Missing::opType).sorted().toList();
        assertEquals(List.of("Einsum"), ops);
    }

    @Test
    void closingTheSessionClosesEveryOrtSession() {
        List<Provider> providers = Providers.forMode("auto");
        OrtProvider ort = (OrtProvider) providers.get(1);
        Session s = Session.create(TestModels.mixed(2, 8), SessionOptions.defaults().withProviders(providers));
        s.run(Map.of("x", TestModels.gaussian(3, 1, 2, 8)));
        assertEquals(2, ort.openSessions());
        s.close();
        assertEquals(0, ort.openSessions());
        assertThrows(IllegalStateException.class, () -> s.run(Map.of("x", TestModels.gaussian(3, 1, 2, 8))));
    }

    @Test
    void coreFindsTheOrtModesByName() {
        assertEquals(List.of("java", "ort"), ProviderModes.providers("auto").stream().map(Provider::name).toList());
        assertEquals(List.of("ort"), ProviderModes.providers("ort").stream().map(Provider::name).toList());
        assertThrows(ProviderUnavailableException.class, () -> ProviderModes.providers("gpu"));
    }

    @Test
    void ortCudaWithoutTheGpuBuildSaysWhatIsMissing() {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA),
                "the GPU build of ONNX Runtime is on the classpath; this test is about its absence");
        ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class, () -> Providers.forMode("ort-cuda"));
        assertTrue(e.getMessage().contains("CUDA provider is not available"), e.getMessage());
        assertTrue(e.getMessage().contains("com.microsoft.onnxruntime:onnxruntime_gpu"), e.getMessage());
        assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
        assertThrows(ProviderUnavailableException.class, () -> ProviderModes.providers("auto-cuda"));
        // Asked for, the fallback gives ORT's CPU provider (and logs a warning).
        assertEquals(List.of("java", "ort"), Providers.forMode("auto-cuda", true).stream().map(Provider::name).toList());
    }

    @Test
    void cudaMatchesCpu() {
        List<Provider> cuda;
        try {
            cuda = Providers.forMode("auto-cuda");
        } catch (ProviderUnavailableException e) {
            org.junit.jupiter.api.Assumptions.abort("no CUDA device / GPU jar: " + e.getMessage());
            return;
        }
        Model m = TestModels.mixed(4, 16);
        Map<String, Tensor> in = Map.of("x", TestModels.gaussian(5, 2, 4, 16));
        try (Session s = Session.create(m, SessionOptions.defaults().withProviders(cuda))) {
            double diff = TestModels.maxAbsDiff(TestModels.run(m, "ort", in).get("y"), s.run(in).get("y"));
            assertTrue(diff <= 1e-4, "auto-cuda vs ort: max abs diff " + diff);
        }
    }
}
