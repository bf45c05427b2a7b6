package dev.jinn.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.InvalidInputException;
import dev.jinn.ir.Graph;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Npy;
import dev.jinn.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inputs {@code jinn bench MODEL} and {@code jinn compare} build: which inputs get values, and their shapes. */
class ModelInputsTest {
    /**
     * As in ONNX's light/ models: the weight's shape is a graph input with an initializer, turned into
     * the weight by ConstantOfShape; {@code x} has an unnamed first dim.
     */
    static byte[] lightStyleModel() {
        return new ModelBuilder("light").opset("", 17)
                .input("x", DataType.FLOAT, "", 4)
                .input("w__SHAPE", DataType.INT64, 2)
                .initializer("w__SHAPE", Tensor.of(new long[] {4, 3}, 2))
                .output("y", DataType.FLOAT, "", 3)
                .node("ConstantOfShape", List.of("w__SHAPE"), List.of("w"), Map.of("value", Tensor.of(new float[] {0.5f}, 1)))
                .node("MatMul", List.of("x", "w"), List.of("y"), Map.of())
                .toBytes();
    }

    private static Graph graph() {
        return ModelLoader.load(lightStyleModel(), "light").graph();
    }

    private static ModelInputs inputs(Map<String, Path> files, List<String> shapes) {
        return new ModelInputs(files, shapes, Map.of(), ModelInputs::textModelRange, 1);
    }

    @Test
    void randomValuesGoOnlyToInputsWithoutAnInitializer() {
        Map<String, Tensor> feed = inputs(Map.of(), List.of("x=2,4")).feed(graph());
        // Random values in [0, 2) for w__SHAPE would make the weight [0, 1] or the like, and MatMul fail.
        assertEquals(List.of("x"), List.copyOf(feed.keySet()));
    }

    @Test
    void shapeFillsUnnamedDims() {
        Tensor x = inputs(Map.of(), List.of("x=3x4")).feed(graph()).get("x");
        assertArrayEquals(new int[] {3, 4}, x.shape());
        assertEquals(DataType.FLOAT, x.dtype());
    }

    @Test
    void anUnnamedDimWithoutShapeIsRejectedNamingTheWayOut() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> inputs(Map.of(), List.of()).feed(graph()));
        assertTrue(e.getMessage().contains("input 'x'") && e.getMessage().contains("--shape x=D0,D1,..."), e.getMessage());
    }

    @Test
    void aShapeOfTheWrongRankIsRejectedNamingTheInput() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> inputs(Map.of(), List.of("x=2,4,1")).feed(graph()));
        assertEquals("--shape x=2,4,1: 3 dims, but input 'x' is float32[?,4], of rank 2", e.getMessage());
    }

    @Test
    void aShapeAgainstAFixedDimOrAnInitializedInputIsRejected() {
        InvalidInputException fixed = assertThrows(InvalidInputException.class,
                () -> inputs(Map.of(), List.of("x=2,5")).feed(graph()));
        assertTrue(fixed.getMessage().contains("dimension 1 of input 'x' is fixed at 4"), fixed.getMessage());
        InvalidInputException init = assertThrows(InvalidInputException.class,
                () -> inputs(Map.of(), List.of("x=2,4", "w__SHAPE=2")).feed(graph()));
        assertTrue(init.getMessage().startsWith("--shape w__SHAPE: the input has an initializer"), init.getMessage());
    }

    @Test
    void aFileInputIsFedAsRead(@TempDir Path dir) throws Exception {
        Path npy = dir.resolve("x.npy");
        Npy.write(Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4), npy);
        Tensor x = inputs(Map.of("x", npy), List.of()).feed(graph()).get("x");
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, x.floats());
        assertArrayEquals(new int[] {2, 4}, x.shape());
    }

    /** Writes {@link #lightStyleModel()} into {@code dir}, for the CLI tests. */
    static Path lightStyleModel(Path dir) throws Exception {
        Path p = dir.resolve("light.onnx");
        Files.write(p, lightStyleModel());
        return p;
    }
}
