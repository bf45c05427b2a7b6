package dev.jinn.testing;

import static dev.jinn.testing.Assertions.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinn.onnx.TensorProtos;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a case must not leave anything out quietly: input_K.pb and output_K.pb are matched to the
 * model by K, so a gap would shift the files after it, and a case with nothing to compare is no test.
 */
class BackendCaseTest {
    @TempDir
    Path dir;

    private Path set() throws IOException {
        return Files.createDirectories(dir.resolve("test_data_set_0"));
    }

    private static void write(Path set, String file, float value) throws IOException {
        Files.write(set.resolve(file), TensorProtos.toProto(Tensor.of(new float[] {value}, 1), file).toByteArray());
    }

    @Test
    void aCompleteCaseReadsEveryFileInOrder() throws IOException {
        Path set = set();
        write(set, "input_0.pb", 1);
        write(set, "input_1.pb", 2);
        write(set, "output_0.pb", 3);
        BackendCase c = BackendCase.at(dir);
        assertEquals(2, c.inputs().size());
        assertArrayEquals(new float[] {2}, c.inputs().get(1).toFloatArray());
        assertArrayEquals(new float[] {3}, c.outputs().get(0).toFloatArray());
    }

    @Test
    void aGapInTheInputsIsRefused() throws IOException {
        Path set = set();
        write(set, "input_0.pb", 1);
        write(set, "input_2.pb", 2);
        write(set, "output_0.pb", 3);
        assertFails(IllegalStateException.class, () -> BackendCase.at(dir), "input_1.pb is missing, but input_2.pb is there");
    }

    @Test
    void aGapInTheOutputsIsRefused() throws IOException {
        Path set = set();
        write(set, "input_0.pb", 1);
        write(set, "output_1.pb", 3);
        assertFails(IllegalStateException.class, () -> BackendCase.at(dir), "output_0.pb is missing, but output_1.pb is there");
    }

    @Test
    void aCaseWithNothingToCompareIsRefused() throws IOException {
        assertFails(IllegalStateException.class, () -> BackendCase.at(dir), "no test_data_set_0: nothing to compare");
        write(set(), "input_0.pb", 1);
        assertFails(IllegalStateException.class, () -> BackendCase.at(dir), "test_data_set_0 has no output_0.pb: nothing to compare");
    }
}
