package dev.jinn.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run hands an intermediate's array to later ops once no value slot holds it. A view (Reshape)
 * shares its input's array, so the array must stay out of the pool while the view lives.
 */
class IntermediateReuseTest {
    @Test
    void anArrayStillHeldByAViewIsNotReused() {
        // a = Relu(x) dies after the Reshape, but r still holds its array when Neg asks for one of
        // the same size; reusing it would turn r into -x.
        byte[] model = new ModelBuilder("g").opset("", 17)
                .input("x", DataType.FLOAT, 4, 8)
                .initializer("shape", Tensor.of(new long[] {8, 4}, 2))
                .node("Relu", List.of("x"), List.of("a"), Map.of())
                .node("Reshape", List.of("a", "shape"), List.of("r"), Map.of())
                .node("Neg", List.of("x"), List.of("n"), Map.of())
                .node("Sigmoid", List.of("n"), List.of("s"), Map.of())
                .output("r", DataType.FLOAT, 8, 4)
                .output("s", DataType.FLOAT, 4, 8)
                .toBytes();
        float[] x = new float[32];
        for (int i = 0; i < x.length; i++) x[i] = (i % 7) - 3.25f;
        float[] relu = new float[32], sigmoidOfNeg = new float[32];
        for (int i = 0; i < x.length; i++) {
            relu[i] = Math.max(x[i], 0f);
            sigmoidOfNeg[i] = (float) (1 / (1 + Math.exp(x[i])));
        }
        try (Session s = Session.create(ModelLoader.load(model, "views.onnx"), SessionOptions.defaults())) {
            for (int run = 0; run < 3; run++) {
                // Closing each result puts its arrays in the pool, so later runs draw from it.
                try (Result r = s.run(Map.of("x", Tensor.of(x.clone(), 4, 8)))) {
                    assertNotSame(r.get("r").floats(), r.get("s").floats());
                    assertArrayEquals(relu, r.get("r").floats(), "run " + run + ": the view kept its values");
                    assertArrayEquals(sigmoidOfNeg, r.get("s").floats(), 1e-6f, "run " + run);
                }
            }
        }
    }

    @Test
    void aChainThatReusesArraysGivesTheSameValues() {
        // Each value dies as the next is made, so the chain runs on two arrays taken in turn from
        // the pool; every step still sees its own input.
        ModelBuilder b = new ModelBuilder("g").opset("", 17).input("x", DataType.FLOAT, 64);
        String prev = "x";
        for (int i = 0; i < 6; i++) {
            String next = "v" + i;
            b.node(i % 2 == 0 ? "Neg" : "Exp", List.of(prev), List.of(next), Map.of());
            prev = next;
        }
        byte[] model = b.output(prev, DataType.FLOAT, 64).toBytes();
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) x[i] = (i - 32) / 40f;
        double[] want = new double[64];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            for (int k = 0; k < 6; k++) v = k % 2 == 0 ? -(float) v : (float) Math.exp((float) v);
            want[i] = v;
        }
        try (Session s = Session.create(ModelLoader.load(model, "chain.onnx"), SessionOptions.defaults())) {
            for (int run = 0; run < 3; run++) {
                try (Result r = s.run(Map.of("x", Tensor.of(x.clone(), 64)))) {
                    float[] got = r.get(0).floats();
                    for (int i = 0; i < 64; i++) {
                        if (Math.abs(got[i] - want[i]) > 1e-5 * Math.max(1, Math.abs(want[i]))) {
                            throw new AssertionError("run " + run + " element " + i + ": want " + want[i] + " got " + got[i]);
                        }
                    }
                }
            }
        }
    }
}
