package dev.jinn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A case whose data cannot be judged as written is an error, never a pass: with no data set nothing
 * is compared, and a gap in input_K.pb / output_K.pb would pair the files after it with the wrong
 * input or output. Each copy below is test_add (two inputs, one output) with one thing missing.
 */
class MalformedCaseTest {
    private static final String SOURCE = "node/test_add";

    @TempDir
    Path tmp;

    private Path copy(String name, String... renames) throws IOException {
        Path from = FullRun.data().resolve(SOURCE);
        Path to = Files.createDirectories(tmp.resolve("node").resolve(name));
        Files.copy(from.resolve("model.onnx"), to.resolve("model.onnx"));
        Path set = Files.createDirectories(to.resolve("test_data_set_0"));
        for (String f : new String[] {"input_0.pb", "input_1.pb", "output_0.pb"}) Files.copy(from.resolve("test_data_set_0").resolve(f), set.resolve(f));
        // Pairs of (file, new name or "" to delete).
        for (int i = 0; i < renames.length; i += 2) {
            if (renames[i + 1].isEmpty()) Files.delete(set.resolve(renames[i]));
            else Files.move(set.resolve(renames[i]), set.resolve(renames[i + 1]));
        }
        return to;
    }

    private Report run() {
        return Conformance.at(tmp).withThreads(1).run();
    }

    private static void assertError(Report report, String name, String part) {
        CaseResult r = report.result("node/" + name);
        assertEquals(Status.ERROR, r.status(), name + ": " + r.detail());
        assertTrue(r.detail().contains(part), r.detail());
    }

    @Test
    void theIntactCopyPasses() throws IOException {
        copy("test_add");
        assertEquals(Status.PASS, run().result("node/test_add").status());
    }

    @Test
    void aCaseWithNoDataSetIsAnError() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("node/test_add_no_data"));
        Files.copy(FullRun.data().resolve(SOURCE).resolve("model.onnx"), dir.resolve("model.onnx"));
        assertError(run(), "test_add_no_data", "no test_data_set_N folder: nothing to compare");
    }

    @Test
    void aDataSetWithNoOutputIsAnError() throws IOException {
        copy("test_add_no_output", "output_0.pb", "");
        assertError(run(), "test_add_no_output", "test_data_set_0 has no expected output: nothing to compare");
    }

    @Test
    void aGapInTheInputsIsAnError() throws IOException {
        copy("test_add_input_gap", "input_1.pb", "input_2.pb");
        assertError(run(), "test_add_input_gap", "test_data_set_0: input_1.pb is missing, but input_2.pb is there");
    }

    @Test
    void aGapInTheOutputsIsAnError() throws IOException {
        copy("test_add_output_gap", "output_0.pb", "output_1.pb");
        assertError(run(), "test_add_output_gap", "test_data_set_0: output_0.pb is missing, but output_1.pb is there");
    }
}
