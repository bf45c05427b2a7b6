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

class GeluFusionTest {
    enum Form { X_A_HALF, HALF_X_A, X_A_HALF_INNER, MUL_INV_SQRT2 }

    static ModelBuilder model(Form f, float sqrt2) {
        ModelBuilder b = new ModelBuilder("gelu").opset("", 13)
                .input("x", DataType.FLOAT, "n", 32).output("y", DataType.FLOAT, "n", 32)
                .initializer("sqrt2", Tensor.scalar(sqrt2)).initializer("inv", Tensor.scalar(1 / sqrt2))
                .initializer("one", Tensor.scalar(1f)).initializer("half", Tensor.scalar(0.5f));
        if (f == Form.MUL_INV_SQRT2) b.node("Mul", List.of("inv", "x"), List.of("s"), Map.of());
        else b.node("Div", List.of("x", "sqrt2"), List.of("s"), Map.of());
        b.node("Erf", List.of("s"), List.of("e"), Map.of());
        b.node("Add", List.of("one", "e"), List.of("a"), Map.of());
        switch (f) {
            case X_A_HALF, MUL_INV_SQRT2 -> {
                b.node("Mul", List.of("x", "a"), List.of("xa"), Map.of());
                b.node("Mul", List.of("xa", "half"), List.of("y"), Map.of());
            }
            case HALF_X_A -> {
                b.node("Mul", List.of("half", "x"), List.of("hx"), Map.of());
                b.node("Mul", List.of("a", "hx"), List.of("y"), Map.of());
            }
            case X_A_HALF_INNER -> {
                b.node("Mul", List.of("a", "half"), List.of("ah"), Map.of());
                b.node("Mul", List.of("x", "ah"), List.of("y"), Map.of());
            }
        }
        return b;
    }

    /** Gelu in double; erf from Abramowitz-Stegun 7.1.26 is only 1.5e-7 accurate, so use a series/continued fraction instead. */
    static Tensor reference(Tensor x) {
        float[] xs = x.floats();
        float[] y = new float[xs.length];
        for (int i = 0; i < xs.length; i++) y[i] = (float) (0.5 * xs[i] * (1 + erf(xs[i] / Math.sqrt(2))));
        return Tensor.of(y, x.shape());
    }

    /** erf by its Taylor series for |z| < 3 (converges well in double there), else by 1 - erfc asymptotics. */
    static double erf(double z) {
        double a = Math.abs(z);
        double r;
        if (a < 3) {
            double term = a, sum = a;
            for (int n = 1; n < 200; n++) {
                term *= -a * a / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // erfc(a) ~ exp(-a^2)/(a sqrt(pi)) * (1 - 1/(2a^2) + 3/(4a^4) - ...): below 1e-4 here, so a few terms do.
            double s = 1, t = 1;
            for (int n = 1; n < 6; n++) {
                t *= -(2 * n - 1) / (2 * a * a);
                s += t;
            }
            r = 1 - Math.exp(-a * a) / (a * Math.sqrt(Math.PI)) * s;
        }
        return z < 0 ? -r : r;
    }

    private static void assertFused(Form f) {
        Model before = load(model(f, (float) Math.sqrt(2)));
        Model after = rewrite(before, new GeluFusion());
        assertEquals(Map.of("Gelu", 1), counts(after), f + ": nodes after fusion");
        Tensor x = random(9, 6, 32);
        assertClose(reference(x), run(after, Map.of("x", x)).get(0), 1e-5, 1e-6, f + ": fused Gelu vs double reference");
        assertSameOutputs(before, after, Map.of("x", x), 1e-5, 1e-6);
    }

    @Test
    void fusesTheBertForm() {
        assertFused(Form.X_A_HALF);
    }

    @Test
    void fusesHalfXTimesA() {
        assertFused(Form.HALF_X_A);
    }

    @Test
    void fusesXTimesHalfA() {
        assertFused(Form.X_A_HALF_INNER);
    }

    @Test
    void fusesMulByInverseSqrt2() {
        assertFused(Form.MUL_INV_SQRT2);
    }

    @Test
    void leavesADivisorThatIsNotSqrt2() {
        Model before = load(model(Form.X_A_HALF, 1.5f));
        assertUnchanged(before, rewrite(before, new GeluFusion()));
    }

    @Test
    void referenceErfMatchesKnownValues() {
        // erf(0.5), erf(1), erf(2), erf(3.5) to 15 digits (Abramowitz and Stegun, table 7.1).
        assertEquals(0.520499877813047, erf(0.5), 1e-14);
        assertEquals(0.842700792949715, erf(1), 1e-14);
        assertEquals(0.995322265018953, erf(2), 1e-14);
        assertEquals(0.999999256901628, erf(3.5), 1e-10);
    }
}
