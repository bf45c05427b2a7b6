package dev.jinn.ops.nn;

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

/** Softmax-11's 2-D coercion and Softmax-13's per-axis rule, long rows (vector path), against doubles. */
class SoftmaxTest {
    @Test
    void opset11CoercesTo2dAroundAxis() {
        // [2, 3, 40], axis 1: each of the 2 rows normalizes over 3 * 40 = 120 values.
        check(11, 1, new int[] {2, 3, 40}, 2, 120, 1, false);
        check(11, 1, new int[] {2, 3, 40}, 2, 120, 1, true);
    }

    @Test
    void opset13NormalizesOneAxis() {
        check(13, 1, new int[] {2, 3, 40}, 2, 3, 40, false);
        check(13, -1, new int[] {2, 3, 40}, 6, 40, 1, true);
    }

    /** Rows: outer x inner, each of n elements `inner` apart. */
    private static void check(int opset, int axis, int[] shape, int outer, int n, int inner, boolean log) {
        Random rnd = new Random(opset * 31 + axis);
        float[] x = new float[outer * n * inner];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat() * 20 - 10 + (i % 7 == 0 ? 1000 : 0);
        String op = log ? "LogSoftmax" : "Softmax";
        ModelBuilder mb = new ModelBuilder("sm").opset("", opset).input("X", DataType.FLOAT, 2, 3, 40)
                .output("Y", DataType.FLOAT, 2, 3, 40).node(op, List.of("X"), List.of("Y"), Map.of("axis", axis));
        float[] y;
        try (Session s = Session.create(ModelLoader.load(mb.toBytes(), "sm.onnx"), SessionOptions.defaults())) {
            y = s.run(Map.of("X", Tensor.of(x, shape))).get(0).floats();
        }
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * n * inner + in;
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int i = 0; i < n; i++) max = Math.max(max, x[base + i * inner]);
                for (int i = 0; i < n; i++) sum += Math.exp(x[base + i * inner] - max);
                for (int i = 0; i < n; i++) {
                    int at = base + i * inner;
                    double want = log ? x[at] - max - Math.log(sum) : Math.exp(x[at] - max) / sum;
                    if (!(Math.abs(want - y[at]) <= 1e-5 * Math.abs(want) + 1e-6)) {
                        throw new AssertionError(op + "-" + opset + " axis " + axis + " element " + at + ": want " + want + ", got " + y[at]);
                    }
                }
            }
        }
    }
}
