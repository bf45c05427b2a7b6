package dev.jinn.ops.norm;

import static dev.jinn.testing.Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.jinn.ir.Domains;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import dev.jinn.testing.OneNode;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime's normalization ops (com.microsoft SkipLayerNormalization and
 * SkipSimplifiedLayerNormalization, ai.onnx SimplifiedLayerNormalization): each one-node model runs
 * in Jinn and in ONNX Runtime in this test, and the outputs must agree.
 *
 * <p>The inputs stay near zero: ORT's CPU layer norms take the variance as E[x^2] - E[x]^2 in
 * float32, which loses the variance of rows with a large offset (rows of 1e4 + noise 0.05 come out
 * NaN in ORT 1.24.1), so offset rows are checked against float64 references elsewhere.
 */
class ContribNormOpsTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    /** Runs the model in ORT; returns the named outputs, in order. */
    private static Tensor[] ort(byte[] model, Tensor[] inputs, String[] outputs) throws OrtException {
        try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> feed = new HashMap<>();
            try {
                for (int i = 0; i < inputs.length; i++) {
                    if (inputs[i] == null) continue;
                    long[] dims = Arrays.stream(inputs[i].shape()).asLongStream().toArray();
                    feed.put("in" + i, OnnxTensor.createTensor(ENV, FloatBuffer.wrap(inputs[i].toFloatArray()), dims));
                }
                try (OrtSession.Result r = s.run(feed)) {
                    Tensor[] out = new Tensor[outputs.length];
                    int k = 0;
                    for (String name : outputs) {
                        if (name == null) continue;
                        OnnxValue v = r.get(name).orElseThrow();
                        OnnxTensor t = (OnnxTensor) v;
                        int[] shape = Arrays.stream(t.getInfo().getShape()).mapToInt(d -> (int) d).toArray();
                        FloatBuffer fb = t.getFloatBuffer();
                        float[] f = new float[fb.remaining()];
                        fb.get(f);
                        out[k++] = Tensor.of(f, shape);
                    }
                    return Arrays.copyOf(out, k);
                }
            } finally {
                for (OnnxTensor t : feed.values()) t.close();
            }
        }
    }

    private static void compare(String domain, String op, int opset, Map<String, ?> attrs, Tensor[] inputs, String[] outputs)
            throws OrtException {
        byte[] model = OneNode.model(domain, op, opset, attrs, inputs, outputs);
        Tensor[] expected = ort(model, inputs, outputs);
        for (int threads : new int[] {1, 2}) {
            Tensor[] actual = OneNode.run(domain, op, opset, attrs, inputs, outputs, threads);
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertClose(expected[i], actual[i], 1e-4, 1e-5, op + " output " + i + " (" + threads + " threads)");
            }
        }
    }

    @Test
    void skipLayerNormalizationWithBetaBiasAndSum() throws OrtException {
        compareSkipLayerNorms(2, 5, 48, 1);
    }

    @Test
    void skipLayerNormalizationOverMoreThanAMillionElements() throws OrtException {
        // 2 x 700 rows of 768: RowNorm writes each row over its own sum while it takes the next
        // row's statistics (its pipeline), block by block as the sum is filled in.
        compareSkipLayerNorms(2, 700, 768, 20);
    }

    /** SkipLayerNormalization with and without its sum output, beta and bias, and the simplified form, on [b, s, h]. */
    private static void compareSkipLayerNorms(int b, int s, int h, long seed) throws OrtException {
        Tensor x = OneNode.gaussian(seed, 0.5, 2, b, s, h);
        Tensor skip = OneNode.gaussian(seed + 1, 0, 1, b, s, h);
        Tensor gamma = OneNode.gaussian(seed + 2, 1, 0.2, h), beta = OneNode.gaussian(seed + 3, 0, 1, h);
        Tensor bias = OneNode.gaussian(seed + 4, 0, 1, h);
        compare(Domains.MICROSOFT, "SkipLayerNormalization", 1, Map.of("epsilon", 1e-5f),
                new Tensor[] {x, skip, gamma, beta, bias}, new String[] {"y", null, null, "sum"});
        compare(Domains.MICROSOFT, "SkipLayerNormalization", 1, Map.of("epsilon", 1e-5f),
                new Tensor[] {x, skip, gamma}, new String[] {"y"});
        // Without the sum output Jinn writes Y over its own sum: with bias and beta too.
        compare(Domains.MICROSOFT, "SkipLayerNormalization", 1, Map.of("epsilon", 1e-5f),
                new Tensor[] {x, skip, gamma, beta, bias}, new String[] {"y"});
        compare(Domains.MICROSOFT, "SkipSimplifiedLayerNormalization", 1, Map.of("epsilon", 1e-5f),
                new Tensor[] {x, skip, gamma}, new String[] {"y"});
    }

    @Test
    void skipLayerNormalizationBroadcastsA2dSkip() throws OrtException {
        Tensor x = OneNode.gaussian(6, 1, 0.5, 3, 4, 32);
        Tensor skip = OneNode.gaussian(7, 0, 1, 4, 32);
        Tensor gamma = OneNode.gaussian(8, 1, 0.2, 32), beta = OneNode.gaussian(9, 0, 1, 32);
        compare(Domains.MICROSOFT, "SkipLayerNormalization", 1, Map.of("epsilon", 1e-6f),
                new Tensor[] {x, skip, gamma, beta}, new String[] {"y", null, null, "sum"});
    }

    @Test
    void skipLayerNormalizationMeanAndInvStdAgainstReference() {
        Tensor x = OneNode.gaussian(10, 0, 1, 2, 3, 20);
        Tensor skip = OneNode.gaussian(11, 2, 1, 2, 3, 20);
        Tensor gamma = OneNode.gaussian(12, 1, 0.2, 20);
        Tensor[] out = OneNode.run(Domains.MICROSOFT, "SkipLayerNormalization", 1, Map.of("epsilon", 1e-5f),
                new Tensor[] {x, skip, gamma}, new String[] {"y", "mean", "inv", "sum"}, 1);
        assertEquals(Arrays.toString(new int[] {2, 3, 1}), Arrays.toString(out[1].shape()));
        double[] xd = Tensors.doubles(x), sd = Tensors.doubles(skip);
        for (int r = 0; r < 6; r++) {
            double mu = 0, sq = 0;
            for (int i = 0; i < 20; i++) mu += xd[r * 20 + i] + sd[r * 20 + i];
            mu /= 20;
            for (int i = 0; i < 20; i++) sq += Math.pow(xd[r * 20 + i] + sd[r * 20 + i] - mu, 2);
            assertEquals(mu, out[1].getDouble(r), 1e-5, "mean " + r);
            assertEquals(1 / Math.sqrt(sq / 20 + 1e-5), out[2].getDouble(r), 1e-4, "inv_std_var " + r);
        }
    }

    @Test
    void skipSimplifiedLayerNormalization() throws OrtException {
        Tensor x = OneNode.gaussian(13, 0.5, 2, 2, 7, 64);
        Tensor skip = OneNode.gaussian(14, 0, 1, 2, 7, 64);
        Tensor gamma = OneNode.gaussian(15, 1, 0.2, 64), bias = OneNode.gaussian(16, 0, 1, 64);
        compare(Domains.MICROSOFT, "SkipSimplifiedLayerNormalization", 1, Map.of("epsilon", 1e-5f),
                new Tensor[] {x, skip, gamma, bias}, new String[] {"y", null, null, "sum"});
        compare(Domains.MICROSOFT, "SkipSimplifiedLayerNormalization", 1, Map.of("epsilon", 1e-5f),
                new Tensor[] {x, skip, gamma}, new String[] {"y"});
    }

    @Test
    void simplifiedLayerNormalizationInTheOnnxDomain() throws OrtException {
        Tensor x = OneNode.gaussian(17, 0.5, 2, 3, 5, 40);
        Tensor scale = OneNode.gaussian(18, 1, 0.2, 40);
        compare(Domains.ONNX, "SimplifiedLayerNormalization", 17, Map.of("epsilon", 1e-5f, "axis", -1),
                new Tensor[] {x, scale}, new String[] {"y"});
    }

    @Test
    void layerNormalizationAgreesWithOrtToo() throws OrtException {
        Tensor x = OneNode.gaussian(19, 0.2, 1, 4, 3, 100);
        Tensor scale = OneNode.gaussian(20, 1, 0.2, 3, 100), bias = OneNode.gaussian(21, 0, 1, 3, 100);
        compare(Domains.ONNX, "LayerNormalization", 17, Map.of("axis", 1),
                new Tensor[] {x, scale, bias}, new String[] {"y", "mean", "inv"});
        assertEquals(DataType.FLOAT, x.dtype());
    }
}
