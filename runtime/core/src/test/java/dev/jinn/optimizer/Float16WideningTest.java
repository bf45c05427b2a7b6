package dev.jinn.optimizer;

import static dev.jinn.optimizer.OptimizerTesting.assertUnchanged;
import static dev.jinn.optimizer.OptimizerTesting.load;
import static dev.jinn.optimizer.OptimizerTesting.rewrite;
import static dev.jinn.optimizer.OptimizerTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.ir.Model;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A half-precision graph between float32 ends, before and after widening, against a double reference. */
class Float16WideningTest {
    private static final int N = 64;

    /** y = float32(((float16(x) * w) * w) * w), w a float16 weight, in a chain of 12 products. */
    private static ModelBuilder chain(boolean halfAtTheEnds) {
        DataType end = halfAtTheEnds ? DataType.FLOAT16 : DataType.FLOAT;
        short[] w = new short[N];
        for (int i = 0; i < N; i++) w[i] = Float.floatToFloat16(1.0f + (i % 7) * 0.01f + 0.0003f);
        ModelBuilder b = new ModelBuilder("half").opset("", 13).input("x", end, N).output("y", end, N)
                .initializer("w", Tensor.wrap(DataType.FLOAT16, new int[] {N}, w));
        String v = "x";
        if (!halfAtTheEnds) {
            b.node("Cast", List.of("x"), List.of("h0"), Map.of("to", (long) DataType.FLOAT16.code()));
            v = "h0";
        }
        for (int k = 1; k <= 12; k++) {
            String out = k == 12 && halfAtTheEnds ? "y" : "h" + k;
            b.node("Mul", List.of(v, "w"), List.of(out), Map.of());
            v = out;
        }
        if (!halfAtTheEnds) b.node("Cast", List.of(v), List.of("y"), Map.of("to", (long) DataType.FLOAT.code()));
        return b;
    }

    @Test
    void aHalfGraphBetweenFloatEndsComputesInFloat32() {
        Model before = load(chain(false));
        Model after = rewrite(before, new Float16Widening());
        assertEquals(DataType.FLOAT, after.graph().initializers().get("w").dtype());
        float[] x = new float[N];
        for (int i = 0; i < N; i++) x[i] = 0.37f + i * 0.113f;
        Tensor in = Tensor.of(x, N);
        float[] widened = Tensors.floats(run(after, Map.of("x", in)).get(0));
        float[] rounded = Tensors.floats(run(before, Map.of("x", in)).get(0));
        float[] w = Tensors.floats(before.graph().initializers().get("w"));
        double worstWidened = 0, worstRounded = 0;
        for (int i = 0; i < N; i++) {
            // Widened, the first Cast no longer rounds x either: the products of x and the weights, exactly.
            double want = x[i] * Math.pow(w[i], 12);
            worstWidened = Math.max(worstWidened, Math.abs(widened[i] - want) / want);
            worstRounded = Math.max(worstRounded, Math.abs(rounded[i] - want) / want);
        }
        assertTrue(worstWidened < 1e-6, "widened: relative error " + worstWidened);
        // Rounding to float16 after each of 12 products costs far more (float16's ulp is 2^-10).
        assertTrue(worstRounded > 1e-4, "rounded every op: relative error only " + worstRounded);
    }

    @Test
    void aGraphWithHalfAtItsEndsIsLeftAlone() {
        Model before = load(chain(true));
        assertUnchanged(before, rewrite(before, new Float16Widening()));
    }
}
