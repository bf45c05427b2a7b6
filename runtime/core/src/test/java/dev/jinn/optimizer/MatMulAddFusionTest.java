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
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MatMulAddFusionTest {
    static ModelBuilder model(Object[] aDims, int[] biasShape) {
        int n = 1;
        for (int d : biasShape) n *= d;
        Object[] yDims = aDims.length == 2 ? new Object[] {aDims[0], 5} : new Object[] {aDims[0], aDims[1], 5};
        return new ModelBuilder("mm").opset("", 13)
                .input("a", DataType.FLOAT, aDims).output("y", DataType.FLOAT, yDims)
                .initializer("b", random(11, 7, 5)).initializer("c", random(12, n).reshape(biasShape))
                .node("MatMul", List.of("a", "b"), List.of("p"), Map.of())
                .node("Add", List.of("c", "p"), List.of("y"), Map.of());
    }

    static Tensor reference(Tensor a, Tensor b, Tensor c) {
        int m = a.dim(0), k = a.dim(1), n = b.dim(1);
        float[] y = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = c.getDouble(c.size() == n ? j : c.size() == m ? i : i * n + j);
                for (int p = 0; p < k; p++) s += (double) a.floats()[i * k + p] * b.floats()[p * n + j];
                y[i * n + j] = (float) s;
            }
        }
        return Tensor.of(y, m, n);
    }

    @Test
    void fusesA2dMatMulWithARowBias() {
        Model before = load(model(new Object[] {"m", 7}, new int[] {5}));
        Model after = rewrite(before, new MatMulAddFusion());
        assertEquals(Map.of("Gemm", 1), counts(after));
        Tensor a = random(13, 4, 7);
        assertClose(reference(a, before.graph().initializers().get("b"), before.graph().initializers().get("c")),
                run(after, Map.of("a", a)).get(0), 1e-5, 1e-5, "Gemm vs double reference");
        assertSameOutputs(before, after, Map.of("a", a), 1e-5, 1e-5);
    }

    @Test
    void fusesAFullBias() {
        Model before = load(model(new Object[] {4, 7}, new int[] {4, 5}));
        Model after = rewrite(before, new MatMulAddFusion());
        assertEquals(Map.of("Gemm", 1), counts(after));
        assertSameOutputs(before, after, Map.of("a", random(14, 4, 7)), 1e-5, 1e-5);
    }

    @Test
    void fusesA3dProductWithARowBiasIntoJinnsMatMulAdd() {
        Model before = load(model(new Object[] {"batch", 4, 7}, new int[] {5}));
        Model after = rewrite(before, new MatMulAddFusion());
        assertEquals(Map.of("MatMulAdd", 1), counts(after));
        assertEquals(Domains.JINN, after.graph().nodes().get(0).domain());
        Tensor a = random(15, 3, 4, 7);
        // Rows of the 3-D product against the 2-D reference over the same rows.
        Tensor want = reference(a.reshape(12, 7), before.graph().initializers().get("b"), before.graph().initializers().get("c"));
        assertClose(want.reshape(3, 4, 5), run(after, Map.of("a", a)).get(0), 1e-5, 1e-5, "MatMulAdd vs double reference");
        assertSameOutputs(before, after, Map.of("a", a), 1e-5, 1e-5);
    }

    @Test
    void matMulAddAddsItsBiasOnEveryPath() {
        // The optimizer only makes MatMulAdd with a 2-D B, but the op takes what MatMul takes: a
        // batched B (one product per batch item) and doubles run other code than the float kernel.
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Tensor a = random(16, 3, 4, 7), b = random(17, 3, 7, 5), bias = random(18, 5);
            if (t == DataType.DOUBLE) {
                a = widened(a);
                b = widened(b);
                bias = widened(bias);
            }
            Model m = load(new ModelBuilder("mm").opset("", 13).opset(Domains.JINN, 1)
                    .input("a", t, 3, 4, 7).input("b", t, 3, 7, 5).input("c", t, 5).output("y", t, 3, 4, 5)
                    .node(Domains.JINN, "MatMulAdd", List.of("a", "b", "c"), List.of("y"), Map.of(), "fused"));
            Tensor y = run(m, Map.of("a", a, "b", b, "c", bias)).get(0);
            for (int g = 0; g < 3; g++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 5; j++) {
                        double want = bias.getDouble(j);
                        for (int p = 0; p < 7; p++) want += a.getDouble((g * 4 + i) * 7 + p) * b.getDouble((g * 7 + p) * 5 + j);
                        assertEquals(want, y.getDouble((g * 4 + i) * 5 + j), 1e-5, t + " at " + g + "," + i + "," + j);
                    }
                }
            }
        }
    }

    private static Tensor widened(Tensor f) {
        double[] d = new double[f.size()];
        for (int i = 0; i < d.length; i++) d[i] = f.floats()[i];
        return Tensor.of(d, f.shape());
    }

    @Test
    void leaves3dProductsWithAWiderBias() {
        Model before = load(model(new Object[] {2, 4, 7}, new int[] {4, 5}));
        assertUnchanged(before, rewrite(before, new MatMulAddFusion()));
    }

    @Test
    void leavesABiasThatWouldGrowTheProduct() {
        Model before = load(model(new Object[] {1, 7}, new int[] {3, 5}));
        assertUnchanged(before, rewrite(before, new MatMulAddFusion()));
    }
}
