package dev.jinn.optimizer;

import static dev.jinn.optimizer.OptimizerTesting.assertSameOutputs;
import static dev.jinn.optimizer.OptimizerTesting.assertUnchanged;
import static dev.jinn.optimizer.OptimizerTesting.counts;
import static dev.jinn.optimizer.OptimizerTesting.load;
import static dev.jinn.optimizer.OptimizerTesting.random;
import static dev.jinn.optimizer.OptimizerTesting.rewrite;
import static dev.jinn.optimizer.OptimizerTesting.run;
import static dev.jinn.testing.Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinn.ir.Domains;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.ops.NodeContext;
import dev.jinn.providers.Provider;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerNormFusionTest {
    /** How the decomposed layer norm is written. */
    record Form(int opset, boolean pow, boolean reciprocal, boolean twoSubs, boolean bias, long[] axes, boolean constantNodes) {
        static Form torch(int opset) {
            return new Form(opset, true, false, false, true, new long[] {-1}, false);
        }
    }

    static final int[] X = {2, 3, 8};

    static ModelBuilder model(Form f, int[] gammaShape) {
        ModelBuilder b = new ModelBuilder("ln").opset("", f.opset)
                .input("x", DataType.FLOAT, "batch", 3, 8).output("y", DataType.FLOAT, "batch", 3, 8);
        int n = 1;
        for (int d : gammaShape) n *= d;
        b.initializer("gamma", random(7, n).reshape(gammaShape)).initializer("beta", random(8, n).reshape(gammaShape));
        if (f.constantNodes) {
            b.node("Constant", List.of(), List.of("two"), Map.of("value", Tensor.scalar(2f)));
            b.node("Constant", List.of(), List.of("eps"), Map.of("value", Tensor.scalar(1e-5f)));
        } else {
            b.initializer("two", Tensor.scalar(2f)).initializer("eps", Tensor.scalar(1e-5f));
        }
        reduce(b, f, "x", "mu");
        b.node("Sub", List.of("x", "mu"), List.of("d"), Map.of());
        String d2 = "d";
        if (f.twoSubs) {
            b.node("Sub", List.of("x", "mu"), List.of("d2"), Map.of());
            d2 = "d2";
        }
        if (f.pow) b.node("Pow", List.of("d", "two"), List.of("sq"), Map.of());
        else b.node("Mul", List.of("d", "d"), List.of("sq"), Map.of());
        reduce(b, f, "sq", "var");
        b.node("Add", List.of("var", "eps"), List.of("ve"), Map.of());
        b.node("Sqrt", List.of("ve"), List.of("std"), Map.of());
        if (f.reciprocal) {
            b.node("Reciprocal", List.of("std"), List.of("inv"), Map.of());
            b.node("Mul", List.of("inv", d2), List.of("n"), Map.of());
        } else {
            b.node("Div", List.of(d2, "std"), List.of("n"), Map.of());
        }
        b.node("Mul", List.of("gamma", "n"), List.of(f.bias ? "g" : "y"), Map.of());
        if (f.bias) b.node("Add", List.of("beta", "g"), List.of("y"), Map.of());
        return b;
    }

    private static void reduce(ModelBuilder b, Form f, String in, String out) {
        if (f.opset >= 18) {
            b.initializer("axes_" + out, Tensor.of(f.axes, f.axes.length));
            b.node("ReduceMean", List.of(in, "axes_" + out), List.of(out), Map.of());
        } else {
            b.node("ReduceMean", List.of(in), List.of(out), Map.of("axes", f.axes));
        }
    }

    /** Layer norm over the last {@code k} dims in double precision. */
    static Tensor reference(Tensor x, Tensor gamma, Tensor beta, int k, double eps) {
        int[] s = x.shape();
        int n = 1;
        for (int i = s.length - k; i < s.length; i++) n *= s[i];
        float[] xs = x.floats();
        float[] y = new float[xs.length];
        for (int row = 0; row < xs.length / n; row++) {
            double mean = 0;
            for (int j = 0; j < n; j++) mean += xs[row * n + j];
            mean /= n;
            double var = 0;
            for (int j = 0; j < n; j++) var += (xs[row * n + j] - mean) * (xs[row * n + j] - mean);
            var /= n;
            for (int j = 0; j < n; j++) {
                double v = (xs[row * n + j] - mean) / Math.sqrt(var + eps) * gamma.getDouble(j % gamma.size());
                y[row * n + j] = (float) (beta == null ? v : v + beta.getDouble(j % beta.size()));
            }
        }
        return Tensor.of(y, s);
    }

    private static void assertFused(Form f, int[] gammaShape, int k) {
        Model before = load(model(f, gammaShape));
        Model after = rewrite(before, new LayerNormFusion());
        assertEquals(Map.of("LayerNormalization", 1), counts(after), "nodes after fusion");
        Node ln = after.graph().nodes().get(0);
        assertEquals(f.opset >= 17 ? Domains.ONNX : Domains.JINN, ln.domain());
        assertEquals(-k, ln.attribute("axis").i());
        assertEquals(1e-5f, ln.attribute("epsilon").f());
        Tensor x = random(1, X);
        Tensor gamma = before.graph().initializers().get("gamma");
        Tensor beta = f.bias ? before.graph().initializers().get("beta") : null;
        Tensor y = run(after, Map.of("x", x)).get(0);
        assertClose(reference(x, gamma, beta, k, 1e-5), y, 1e-4, 1e-5, "fused layer norm vs double reference");
        assertSameOutputs(before, after, Map.of("x", x), 1e-4, 1e-5);
    }

    @Test
    void fusesTheTorchExportOnAnOldOpsetIntoJinnsDomain() {
        assertFused(Form.torch(11), new int[] {8}, 1);
    }

    @Test
    void fusesIntoAiOnnxFromOpset17() {
        assertFused(Form.torch(17), new int[] {8}, 1);
    }

    @Test
    void readsAxesFromTheInputFromOpset18() {
        assertFused(Form.torch(18), new int[] {8}, 1);
    }

    @Test
    void fusesMulSelfReciprocalAndTwoSubs() {
        assertFused(new Form(13, false, true, true, true, new long[] {-1}, false), new int[] {8}, 1);
    }

    @Test
    void fusesWithoutBias() {
        assertFused(new Form(13, true, false, false, false, new long[] {-1}, false), new int[] {8}, 1);
    }

    @Test
    void fusesTwoTrailingAxesAndDropsLeadingOnesOfGamma() {
        assertFused(new Form(13, true, false, false, true, new long[] {-2, -1}, false), new int[] {1, 3, 8}, 2);
    }

    @Test
    void fusesPositiveAxesWhenTheRankIsDeclared() {
        assertFused(new Form(13, true, false, false, true, new long[] {2}, false), new int[] {8}, 1);
    }

    @Test
    void theFullOptimizerFoldsConstantNodesFirstThenFuses() {
        Form f = new Form(11, true, false, false, true, new long[] {-1}, true);
        Model before = load(model(f, new int[] {8}));
        Model after = Optimizer.optimize(before);
        assertEquals(Map.of("LayerNormalization", 1), counts(after));
        assertEquals(Map.of("gamma", 8, "beta", 8), sizes(after));
        assertSameOutputs(before, after, Map.of("x", random(2, X)), 1e-4, 1e-5);
    }

    private static Map<String, Integer> sizes(Model m) {
        Map<String, Integer> s = new java.util.TreeMap<>();
        m.graph().initializers().forEach((k, v) -> s.put(k, v.size()));
        return s;
    }

    @Test
    void usesJinnsDomainOnlyWhenTheJavaProviderIsThere() {
        Provider other = new Provider() {
            @Override
            public String name() {
                return "other";
            }

            @Override
            public Compiled compile(String model, Node node, int opset, NodeContext.SubgraphCompiler subgraphs) {
                return new Compiled(null, opset, "not this one");
            }
        };
        Model old = load(model(Form.torch(11), new int[] {8}));
        assertEquals(2, counts(Optimizer.optimize(old, Long.MAX_VALUE, List.of(other))).get("ReduceMean"));
        Model current = load(model(Form.torch(17), new int[] {8}));
        assertEquals(Map.of("LayerNormalization", 1), counts(Optimizer.optimize(current, Long.MAX_VALUE, List.of(other))));
    }

    @Test
    void leavesAPatternWhoseMeanHasAnotherReader() {
        ModelBuilder b = model(Form.torch(13), new int[] {8}).output("mu", DataType.FLOAT, "batch", 3, 1);
        Model before = load(b);
        assertUnchanged(before, rewrite(before, new LayerNormFusion()));
    }

    @Test
    void leavesAxesThatAreNotTrailing() {
        Model before = load(model(new Form(13, true, false, false, true, new long[] {-2}, false), new int[] {3, 1}));
        assertUnchanged(before, rewrite(before, new LayerNormFusion()));
    }

    @Test
    void leavesAGammaThatDoesNotMatchTheNormalizedDims() {
        Model before = load(model(Form.torch(13), new int[] {3, 8}));
        assertUnchanged(before, rewrite(before, new LayerNormFusion()));
    }

    @Test
    void leavesAnEpsilonThatIsNotAConstant() {
        ModelBuilder b = model(Form.torch(13), new int[] {8});
        // A graph input of the same name makes the initializer an overridable default, not a constant.
        b.input("eps", DataType.FLOAT);
        Model before = load(b);
        assertUnchanged(before, rewrite(before, new LayerNormFusion()));
    }
}
