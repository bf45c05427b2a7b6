package dev.jinn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.TensorProtos;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The light-model layout: real/test_NAME/data.json names light/light_NAME.onnx, whose input is
 * generated (arange(n)/n, symbolic dims as 1) and whose expected output is light_NAME_output_0.pb.
 */
class LightCaseTest {
    @TempDir
    Path root;

    private void lightCase(String name, String json, float[] expected) throws IOException {
        Files.createDirectories(root.resolve("real/test_" + name));
        Files.writeString(root.resolve("real/test_" + name + "/data.json"), json);
        Files.createDirectories(root.resolve("light"));
        byte[] model = new ModelBuilder(name).input("x", DataType.FLOAT, 2, "batch", 3).output("y", DataType.FLOAT, 2, "batch", 3)
                .node("Identity", List.of("x"), List.of("y"), Map.of()).toBytes();
        Files.write(root.resolve("light/light_" + name + ".onnx"), model);
        Files.write(root.resolve("light/light_" + name + "_output_0.pb"),
                TensorProtos.toProto(Tensor.of(expected, 2, 1, 3), "y").toByteArray());
    }

    private static String json(String name, double rtol) {
        return "{\"atol\": 1e-07, \"model_name\": \"" + name + "\", \"rtol\": " + rtol
                + ", \"url\": \"onnx/backend/test/data/light/light_" + name + ".onnx\"}";
    }

    @Test
    void theGeneratedInputIsARampOverTheShapeWithSymbolicDimsAsOne() throws IOException {
        // arange(6) / 6 in float32
        lightCase("ramp", json("ramp", 0.001), new float[] {0f, 1f / 6, 2f / 6, 3f / 6, 4f / 6, 5f / 6});
        Report r = Conformance.at(root).run();
        assertEquals(List.of("light/ramp"), r.results().stream().map(CaseResult::name).toList());
        assertEquals(Status.PASS, r.result("light/ramp").status(), r.result("light/ramp").detail());
    }

    @Test
    void toleranceComesFromDataJson() throws IOException {
        float[] tenPercentOff = {0f, 1.1f / 6, 2.2f / 6, 3.3f / 6, 4.4f / 6, 5.5f / 6};
        lightCase("loose", json("loose", 0.2), tenPercentOff);
        lightCase("tight", json("tight", 0.001), tenPercentOff);
        Report r = Conformance.at(root).run();
        assertEquals(Status.PASS, r.result("light/loose").status(), r.result("light/loose").detail());
        assertEquals(Status.FAIL, r.result("light/tight").status());
        assertTrue(r.result("light/tight").detail().contains("first at index 1"), r.result("light/tight").detail());
    }

    @Test
    void modelsThatOnnxDownloadsAreNotCases() throws IOException {
        Files.createDirectories(root.resolve("real/test_remote"));
        Files.writeString(root.resolve("real/test_remote/data.json"),
                "{\"model_name\": \"remote\", \"url\": \"https://example.org/remote.tar.gz\"}");
        assertEquals(List.of(), Conformance.at(root).cases());
    }
}
