package dev.jinn.models;

import dev.jinn.MalformedModelException;
import dev.jinn.ir.Model;
import dev.jinn.onnx.LoadOptions;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The small models bundled with Jinn, written by our own {@link ModelBuilder}. {@link #main} writes
 * them into this module's resources; a test checks that the committed files are exactly what this
 * code makes, so every bundled byte can be traced to source.
 */
public final class SampleModels {
    public static final String LAYERNORM_DEMO = "layernorm-demo.onnx";

    /** Where {@link #main} writes by default, relative to the repository root. */
    public static final Path RESOURCE_DIR = Path.of("onnx-models/src/main/resources/dev/jinn/models");

    private static final Map<String, Supplier<byte[]>> ALL = new LinkedHashMap<>();

    static {
        ALL.put(LAYERNORM_DEMO, SampleModels::layerNormDemo);
    }

    private SampleModels() {}

    /** Writes every sample model into {@code args[0]} (default {@link #RESOURCE_DIR}). */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : RESOURCE_DIR;
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : generate().entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
            System.out.println("wrote " + dir.resolve(e.getKey()) + " (" + e.getValue().length + " bytes)");
        }
    }

    /** File name to serialized model, for every sample. */
    public static Map<String, byte[]> generate() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        ALL.forEach((name, make) -> out.put(name, make.get()));
        return out;
    }

    /**
     * X: float32[2,4,8] -> LayerNormalization(axis -1, epsilon 1e-5, opset 17) -> Y, with scale and
     * bias initializers that are not 1 and 0, so that a wrong broadcast shows in the result.
     */
    public static byte[] layerNormDemo() {
        int n = 8;
        float[] scale = new float[n];
        float[] bias = new float[n];
        for (int i = 0; i < n; i++) {
            scale[i] = 0.5f + 0.25f * i;
            bias[i] = -0.5f + 0.125f * i;
        }
        return new ModelBuilder("layernorm_demo")
                .opset("", 17)
                .input("X", DataType.FLOAT, 2, 4, n)
                .initializer("scale", Tensor.of(scale, n))
                .initializer("bias", Tensor.of(bias, n))
                .node("", "LayerNormalization", List.of("X", "scale", "bias"), List.of("Y"),
                        Map.of("axis", -1, "epsilon", 1e-5f), "layernorm")
                .output("Y", DataType.FLOAT, 2, 4, n)
                .toBytes();
    }

    /** The bundled bytes of sample {@code name}, read from the classpath. */
    public static byte[] resource(String name) {
        try (InputStream in = SampleModels.class.getResourceAsStream(name)) {
            if (in == null) throw new MalformedModelException("sample model '" + name + "' is not on the classpath; samples are " + ALL.keySet());
            return in.readAllBytes();
        } catch (IOException e) {
            throw new MalformedModelException("sample model '" + name + "': cannot read: " + e.getMessage(), e);
        }
    }

    /** Loads and checks bundled sample {@code name}. */
    public static Model load(String name) {
        return dev.jinn.onnx.ModelLoader.load(resource(name), name, null, LoadOptions.defaults());
    }
}
