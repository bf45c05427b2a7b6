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

    /** A copy of test_add named {@code name}; returns its test_data_set_0 for the test to break. */
    private Path copy(String name) throws IOException {
        Path from = FullRun.data().resolve(SOURCE);
        Path to = Files.createDirectories(tmp.resolve("node").resolve(name));
        Files.copy(from.resolve("model.onnx"), to.resolve("model.onnx"));
        Path set = Files.createDirectories(to.resolve("test_data_set_0"));
        for (String f : new String[] {"input_0.pb", "input_1.pb", "output_0.pb"}) Files.copy(from.resolve("test_data_set_0").resolve(f), set.resolve(f));
        return set;
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
        Files.delete(copy("test_add_no_output").resolve("output_0.pb"));
        assertError(run(), "test_add_no_output", "test_data_set_0 has no expected output: nothing to compare");
    }

    @Test
    void aGapInTheInputsIsAnError() throws IOException {
        Path set = copy("test_add_input_gap");
        Files.move(set.resolve("input_1.pb"), set.resolve("input_2.pb"));
        assertError(run(), "test_add_input_gap", "test_data_set_0: input_1.pb is missing, but input_2.pb is there");
    }

    @Test
    void aGapInTheOutputsIsAnError() throws IOException {
        Path set = copy("test_add_output_gap");
        Files.move(set.resolve("output_0.pb"), set.resolve("output_1.pb"));
        assertError(run(), "test_add_output_gap", "test_data_set_0: output_0.pb is missing, but output_1.pb is there");
    }
}
