package dev.jinn.ops.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * MatMul and Gemm at sizes that take the packed kernel (the backend cases are all tiny), with the
 * weight as an initializer (packed when the session is built) and as a run-time input, against a
 * double-precision reference; and 1 thread against 4, bitwise.
 */
class MatMulGemmTest {
    @Test
    void matMulBatchedAgainstConstantAndInputWeights() {
        Random rnd = new Random(3);
        int batch = 2, m = 70, k = 130, n = 75;
        Tensor a = random(rnd, batch, m, k);
        Tensor w = random(rnd, k, n);
        float[] want = new float[batch * m * n];
        for (int b = 0; b < batch; b++) reference(a.floats(), b * m * k, k, 1, w.floats(), 0, n, 1, m, k, n, 1f, want, b * m * n);
        for (boolean constant : new boolean[] {true, false}) {
            ModelBuilder mb = new ModelBuilder("mm").input("A", DataType.FLOAT, batch, m, k).output("Y", DataType.FLOAT, batch, m, n);
            if (constant) mb.initializer("W", w);
            else mb.input("W", DataType.FLOAT, k, n);
            mb.node("MatMul", List.of("A", "W"), List.of("Y"), Map.of());
            Map<String, Tensor> feed = constant ? Map.of("A", a) : Map.of("A", a, "W", w);
            float[] one = run(mb, feed, 1);
            close(want, one, k);
            assertArrayEquals(one, run(mb, feed, 4), "threads must not change the result");
        }
    }

    @Test
    void matMulBroadcastsBatchedB() {
        Random rnd = new Random(4);
        int m = 33, k = 100, n = 40;
        Tensor a = random(rnd, m, k);
        Tensor b = random(rnd, 3, k, n);
        float[] want = new float[3 * m * n];
        for (int i = 0; i < 3; i++) reference(a.floats(), 0, k, 1, b.floats(), i * k * n, n, 1, m, k, n, 1f, want, i * m * n);
        ModelBuilder mb = new ModelBuilder("mm").input("A", DataType.FLOAT, m, k).input("B", DataType.FLOAT, 3, k, n)
                .output("Y", DataType.FLOAT, 3, m, n).node("MatMul", List.of("A", "B"), List.of("Y"), Map.of());
        close(want, run(mb, Map.of("A", a, "B", b), 2), k);
    }

    @Test
    void gemmTransposedWithBias() {
        Random rnd = new Random(5);
        int m = 65, k = 129, n = 63;
        Tensor a = random(rnd, k, m);
        Tensor w = random(rnd, n, k);
        Tensor bias = random(rnd, n);
        float alpha = 0.5f, beta = 2f;
        float[] want = new float[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) want[i * n + j] = beta * bias.floats()[j];
        reference(a.floats(), 0, 1, m, w.floats(), 0, 1, k, m, k, n, alpha, want, 0);
        ModelBuilder mb = new ModelBuilder("gemm").input("A", DataType.FLOAT, k, m).initializer("W", w).initializer("C", bias)
                .output("Y", DataType.FLOAT, m, n)
                .node("Gemm", List.of("A", "W", "C"), List.of("Y"), Map.of("transA", 1, "transB", 1, "alpha", alpha, "beta", beta));
        float[] one = run(mb, Map.of("A", a), 1);
        close(want, one, k);
        assertArrayEquals(one, run(mb, Map.of("A", a), 4));
    }

    private static float[] run(ModelBuilder mb, Map<String, Tensor> feed, int threads) {
        try (Session s = Session.create(ModelLoader.load(mb.toBytes(), "test.onnx"), SessionOptions.defaults().withThreads(threads))) {
            return s.run(feed).get(0).floats();
        }
    }

    private static void reference(float[] a, int aOff, int rsA, int csA, float[] b, int bOff, int rsB, int csB,
                                  int m, int k, int n, float alpha, float[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) acc += (double) a[aOff + i * rsA + p * csA] * b[bOff + p * rsB + j * csB];
                c[cOff + i * n + j] = (float) (c[cOff + i * n + j] + alpha * acc);
            }
        }
    }

    private static void close(float[] want, float[] got, int k) {
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(want[i] - got[i]) <= 1e-6 * k + 1e-5 * Math.abs(want[i]))) {
                throw new AssertionError("element " + i + ": want " + want[i] + ", got " + got[i]);
            }
        }
    }

    private static Tensor random(Random rnd, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rnd.nextFloat() * 2 - 1;
        return Tensor.of(v, shape);
    }
}
