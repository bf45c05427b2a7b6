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
    void leaves3dProducts() {
        Model before = load(model(new Object[] {2, 4, 7}, new int[] {5}));
        assertUnchanged(before, rewrite(before, new MatMulAddFusion()));
    }

    @Test
    void leavesABiasThatWouldGrowTheProduct() {
        Model before = load(model(new Object[] {1, 7}, new int[] {3, 5}));
        assertUnchanged(before, rewrite(before, new MatMulAddFusion()));
    }
}
