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
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RmsNormFusionTest {
    static ModelBuilder model(int opset, boolean pow, boolean reciprocal) {
        ModelBuilder b = new ModelBuilder("rms").opset("", opset)
                .input("x", DataType.FLOAT, "batch", 4, 16).output("y", DataType.FLOAT, "batch", 4, 16)
                .initializer("gamma", random(3, 16)).initializer("two", Tensor.scalar(2f))
                .initializer("eps", Tensor.scalar(1e-6f));
        if (pow) b.node("Pow", List.of("x", "two"), List.of("sq"), Map.of());
        else b.node("Mul", List.of("x", "x"), List.of("sq"), Map.of());
        if (opset >= 18) {
            b.initializer("axes", Tensor.of(new long[] {-1}, 1));
            b.node("ReduceMean", List.of("sq", "axes"), List.of("ms"), Map.of());
        } else {
            b.node("ReduceMean", List.of("sq"), List.of("ms"), Map.of("axes", new long[] {-1}));
        }
        b.node("Add", List.of("eps", "ms"), List.of("mse"), Map.of());
        b.node("Sqrt", List.of("mse"), List.of("rms"), Map.of());
        if (reciprocal) {
            b.node("Reciprocal", List.of("rms"), List.of("inv"), Map.of());
            b.node("Mul", List.of("x", "inv"), List.of("n"), Map.of());
        } else {
            b.node("Div", List.of("x", "rms"), List.of("n"), Map.of());
        }
        b.node("Mul", List.of("n", "gamma"), List.of("y"), Map.of());
        return b;
    }

    static Tensor reference(Tensor x, Tensor gamma, double eps) {
        float[] xs = x.floats();
        int n = gamma.size();
        float[] y = new float[xs.length];
        for (int row = 0; row < xs.length / n; row++) {
            double ss = 0;
            for (int j = 0; j < n; j++) ss += (double) xs[row * n + j] * xs[row * n + j];
            double inv = 1 / Math.sqrt(ss / n + eps);
            for (int j = 0; j < n; j++) y[row * n + j] = (float) (xs[row * n + j] * inv * gamma.getDouble(j));
        }
        return Tensor.of(y, x.shape());
    }

    private static void assertFused(int opset, boolean pow, boolean reciprocal) {
        Model before = load(model(opset, pow, reciprocal));
        Model after = rewrite(before, new RmsNormFusion());
        assertEquals(Map.of("RMSNormalization", 1), counts(after));
        Node rms = after.graph().nodes().get(0);
        assertEquals(opset >= 23 ? Domains.ONNX : Domains.JINN, rms.domain());
        assertEquals(-1, rms.attribute("axis").i());
        Tensor x = random(5, 3, 4, 16);
        assertClose(reference(x, before.graph().initializers().get("gamma"), 1e-6), run(after, Map.of("x", x)).get(0),
                1e-4, 1e-5, "fused RMS norm vs double reference");
        assertSameOutputs(before, after, Map.of("x", x), 1e-4, 1e-5);
    }

    @Test
    void fusesPowDivIntoJinnsDomainBeforeOpset23() {
        assertFused(17, true, false);
    }

    @Test
    void fusesMulSelfReciprocalIntoAiOnnxAtOpset23() {
        assertFused(23, false, true);
    }

    @Test
    void leavesALayerNormsCentredSquaresToLayerNormFusion() {
        Model before = load(LayerNormFusionTest.model(LayerNormFusionTest.Form.torch(13), new int[] {8}));
        Model after = Optimizer.optimize(before);
        assertEquals(Map.of("LayerNormalization", 1), counts(after));
    }

    @Test
    void leavesANumeratorThatIsNotTheSquaredValue() {
        ModelBuilder b = model(17, true, false);
        Model before = load(b);
        // Rewire the Div to divide another value: the pattern no longer normalizes x.
        var nodes = new java.util.ArrayList<>(before.graph().nodes());
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.opType().equals("Div")) nodes.set(i, new Node(n.name(), n.domain(), n.opType(), List.of("gamma", "rms"), n.outputs(), n.attributes()));
        }
        Model changed = before.withGraph(before.graph().withNodes(nodes, before.graph().initializers()));
        assertUnchanged(changed, rewrite(changed, new RmsNormFusion()));
    }
}
