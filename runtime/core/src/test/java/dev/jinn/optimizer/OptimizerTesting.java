package dev.jinn.optimizer;

import static dev.jinn.testing.Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.ops.OpRegistry;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Shared by the rewrite tests: build, rewrite, count, run before and after. */
final class OptimizerTesting {
    private OptimizerTesting() {}

    static Model load(ModelBuilder b) {
        return ModelLoader.load(b.toBytes(), "test.onnx");
    }

    /** Applies one rewrite (then dead code elimination, as the optimizer does). */
    static Model rewrite(Model m, Rewrite r) {
        return Optimizer.optimize(m, OpRegistry.standard(), Long.MAX_VALUE, List.of(r, new DeadCodeElimination()));
    }

    /** Node counts by op type; fused nodes of Jinn's domain are counted under their op type. */
    static Map<String, Integer> counts(Model m) {
        Map<String, Integer> c = new TreeMap<>();
        for (Node n : m.graph().nodes()) c.merge(n.opType(), 1, Integer::sum);
        return c;
    }

    /** The rewrite matched nothing: the nodes are exactly as before (unused initializers may be gone). */
    static void assertUnchanged(Model before, Model after) {
        assertEquals(before.graph().nodes(), after.graph().nodes());
    }

    static Result run(Model m, Map<String, Tensor> feed) {
        try (Session s = Session.create(m, SessionOptions.defaults().withThreads(1).withOptimize(false))) {
            return s.run(feed);
        }
    }

    /** Runs {@code before} and {@code after} on the same feed and requires the same outputs. */
    static Result assertSameOutputs(Model before, Model after, Map<String, Tensor> feed, double rtol, double atol) {
        Result a = run(before, feed);
        Result b = run(after, feed);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertClose(a.get(i), b.get(i), rtol, atol, "output " + i + " after the rewrite");
        return b;
    }

    static Tensor random(long seed, int... shape) {
        Random r = new Random(seed);
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * 2 + 0.5);
        return Tensor.of(v, shape);
    }
}
