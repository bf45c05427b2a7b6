package dev.jinn.providers.ort;

import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Model;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Models and helpers shared by the ORT provider's tests. */
final class TestModels {
    private TestModels() {}

    /**
     * x -> LayerNorm (Java) -> Einsum with a Constant (ORT) -> LayerNorm (Java) -> Einsum with x
     * (ORT): two runs of ORT nodes with a Java node between them, a Constant read only by ORT
     * nodes, and values without value_info crossing both ways. Jinn has no Einsum; ORT has.
     */
    static Model mixed(int rows, int cols) {
        Random r = new Random(7);
        float[] scale = new float[cols];
        float[] bias = new float[cols];
        float[] c = new float[cols];
        for (int i = 0; i < cols; i++) {
            scale[i] = 0.5f + r.nextFloat();
            bias[i] = (float) r.nextGaussian() * 0.1f;
            c[i] = (float) r.nextGaussian();
        }
        byte[] bytes = new ModelBuilder("mixed")
                .input("x", DataType.FLOAT, "batch", rows, cols)
                .output("y", DataType.FLOAT, "batch", rows, cols)
                .initializer("scale", Tensor.of(scale, cols))
                .initializer("bias", Tensor.of(bias, cols))
                .node("", "LayerNormalization", List.of("x", "scale", "bias"), List.of("ln1"), Map.of("epsilon", 1e-5f), "ln1")
                .node("", "Constant", List.of(), List.of("c"), Map.of("value", Tensor.of(c, cols)), "c")
                .node("", "Einsum", List.of("ln1", "c"), List.of("e1"), Map.of("equation", "bij,j->bij"), "e1")
                .node("", "LayerNormalization", List.of("e1", "scale", "bias"), List.of("ln2"), Map.of(), "ln2")
                .node("", "Einsum", List.of("ln2", "x"), List.of("y"), Map.of("equation", "bij,bij->bij"), "e2")
                .toBytes();
        return ModelLoader.load(bytes, "mixed.onnx");
    }

    static Tensor gaussian(long seed, int... shape) {
        Random r = new Random(seed);
        float[] f = new float[dev.jinn.tensor.Shapes.size(shape)];
        for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
        return Tensor.wrap(DataType.FLOAT, shape, f);
    }

    /** Runs {@code m} as written (Jinn's optimizer off): the reference side of a comparison. */
    static Result run(Model m, String mode, Map<String, Tensor> inputs) {
        try (Session s = Session.create(m, SessionOptions.defaults().withOptimize(false).withProviders(Providers.forMode(mode)))) {
            return s.run(inputs);
        }
    }

    static double maxAbsDiff(Tensor a, Tensor b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new AssertionError("shapes differ: " + java.util.Arrays.toString(a.shape()) + " vs "
                    + java.util.Arrays.toString(b.shape()));
        }
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = Math.abs(a.getDouble(i) - b.getDouble(i));
            if (Double.isNaN(d)) return Double.NaN;
            max = Math.max(max, d);
        }
        return max;
    }
}
