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
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The Swish and HardSwish forms exporters write, before and after the fusion, against a double reference. */
class SwishFusionTest {
    private static final DoubleUnaryOperator HARD_SWISH = v -> v * Math.min(Math.max(v + 3, 0), 6) / 6;

    private static ModelBuilder base(int opset) {
        return new ModelBuilder("swish").opset("", opset).input("x", DataType.FLOAT, 3, 40).output("y", DataType.FLOAT, 3, 40)
                .initializer("three", Tensor.scalar(3f)).initializer("zero", Tensor.scalar(0f))
                .initializer("six", Tensor.scalar(6f)).initializer("sixth", Tensor.scalar(1f / 6));
    }

    private static void fuses(ModelBuilder mb, String op, DoubleUnaryOperator ref) {
        Model before = load(mb);
        Model after = rewrite(before, new SwishFusion());
        assertEquals(Map.of(op, 1), counts(after));
        // Around the kinks at -3 and 3 as well as far out.
        Tensor x = random(31, 3, 40);
        float[] v = x.floats();
        for (int i = 0; i < v.length; i++) v[i] *= 8;
        float[] want = new float[v.length];
        for (int i = 0; i < v.length; i++) want[i] = (float) ref.applyAsDouble(v[i]);
        assertClose(Tensor.of(want, 3, 40), run(after, Map.of("x", x)).get(0), 1e-5, 1e-6, op + " vs double reference");
        assertSameOutputs(before, after, Map.of("x", x), 1e-5, 1e-6);
    }

    @Test
    void fusesXTimesSigmoidIntoSwish() {
        fuses(base(13).node("Sigmoid", List.of("x"), List.of("s"), Map.of()).node("Mul", List.of("s", "x"), List.of("y"), Map.of()),
                "Swish", v -> v / (1 + Math.exp(-v)));
    }

    @Test
    void fusesXTimesHardSigmoidOfASixthIntoHardSwish() {
        fuses(base(13).node("HardSigmoid", List.of("x"), List.of("s"), Map.of("alpha", 1f / 6, "beta", 0.5f))
                .node("Mul", List.of("x", "s"), List.of("y"), Map.of()), "HardSwish", HARD_SWISH);
    }

    @Test
    void fusesTheClipFormInEachOrder() {
        fuses(base(13).node("Add", List.of("x", "three"), List.of("a"), Map.of())
                .node("Clip", List.of("a", "zero", "six"), List.of("c"), Map.of())
                .node("Mul", List.of("x", "c"), List.of("m"), Map.of())
                .node("Div", List.of("m", "six"), List.of("y"), Map.of()), "HardSwish", HARD_SWISH);
        fuses(base(13).node("Add", List.of("three", "x"), List.of("a"), Map.of())
                .node("Clip", List.of("a", "zero", "six"), List.of("c"), Map.of())
                .node("Mul", List.of("c", "sixth"), List.of("d"), Map.of())
                .node("Mul", List.of("d", "x"), List.of("y"), Map.of()), "HardSwish", HARD_SWISH);
        // Clip-6 takes its bounds as attributes.
        fuses(base(9).node("Add", List.of("x", "three"), List.of("a"), Map.of())
                .node("Clip", List.of("a"), List.of("c"), Map.of("min", 0f, "max", 6f))
                .node("Div", List.of("c", "six"), List.of("d"), Map.of())
                .node("Mul", List.of("x", "d"), List.of("y"), Map.of()), "HardSwish", HARD_SWISH);
    }

    @Test
    void leavesOtherBoundsAndSharedIntermediates() {
        Model clipToFive = load(base(13).initializer("five", Tensor.scalar(5f)).node("Add", List.of("x", "three"), List.of("a"), Map.of())
                .node("Clip", List.of("a", "zero", "five"), List.of("c"), Map.of())
                .node("Mul", List.of("x", "c"), List.of("m"), Map.of())
                .node("Div", List.of("m", "six"), List.of("y"), Map.of()));
        assertUnchanged(clipToFive, rewrite(clipToFive, new SwishFusion()));
        Model shared = load(base(13).output("s", DataType.FLOAT, 3, 40).node("Sigmoid", List.of("x"), List.of("s"), Map.of())
                .node("Mul", List.of("s", "x"), List.of("y"), Map.of()));
        assertUnchanged(shared, rewrite(shared, new SwishFusion()));
    }
}
