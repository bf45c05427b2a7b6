package dev.jinn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.onnx.TensorProtos;
import dev.jinn.onnx.proto.Onnx.TensorProto;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The gate must catch a wrong answer: a copy of a passing case with a corrupted expected output. */
class BrokenCaseTest {
    private static final String SOURCE = "test_layer_normalization_2d_axis1";
    private static final String GOOD = "node/" + SOURCE;
    private static final String BROKEN = "node/" + SOURCE + "_broken";

    @TempDir
    Path tmp;

    private Path buildData() throws IOException {
        Path from = FullRun.data().resolve(GOOD);
        for (String name : List.of(GOOD, BROKEN)) {
            Path to = tmp.resolve(name);
            Files.createDirectories(to.resolve("test_data_set_0"));
            Files.copy(from.resolve("model.onnx"), to.resolve("model.onnx"));
            try (var files = Files.list(from.resolve("test_data_set_0"))) {
                for (Path f : files.toList()) Files.copy(f, to.resolve("test_data_set_0").resolve(f.getFileName()));
            }
        }
        // The broken copy expects every element of Y one higher than ONNX says.
        Path out = tmp.resolve(BROKEN).resolve("test_data_set_0/output_0.pb");
        TensorProto p = TensorProto.parseFrom(Files.readAllBytes(out));
        Tensor y = TensorProtos.read(p, "Y", Long.MAX_VALUE);
        float[] wrong = y.toFloatArray();
        for (int i = 0; i < wrong.length; i++) wrong[i] += 1;
        Files.write(out, TensorProtos.toProto(Tensor.of(wrong, y.shape()), p.getName()).toByteArray());
        return tmp;
    }

    @Test
    void theGateFailsTheBrokenCaseAndNamesIt() throws IOException {
        Report report = Conformance.at(buildData()).run();
        assertEquals(Status.PASS, report.result(GOOD).status(), report.result(GOOD).detail());
        CaseResult broken = report.result(BROKEN);
        assertEquals(Status.FAIL, broken.status());
        assertTrue(broken.detail().contains("output 0 'Y'"), broken.detail());
        assertTrue(broken.detail().contains("max abs error 1.00000"), broken.detail());
        assertTrue(broken.detail().contains("first at index 0"), broken.detail());

        ExpectedList.Verdict v = ExpectedList.of(List.of(GOOD, BROKEN)).check(report);
        assertFalse(v.ok());
        assertEquals(List.of(BROKEN), v.regressions().stream().map(CaseResult::name).toList());
        assertTrue(v.messages().get(0).startsWith("expected to pass, but fail: " + BROKEN), v.messages().get(0));
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int command(String... args) {
        CommandLine cli = new CommandLine(new ConformanceCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void theCommandExitsNonZeroNamingTheCaseAndEndsWithTheCounts() throws IOException {
        Path data = buildData();
        Path list = Files.writeString(tmp.resolve("expected.txt"), GOOD + "\n" + BROKEN + "\n");
        int code = command("--data", data.toString(), "--expected", list.toString(), "--threads", "2",
                "--json", tmp.resolve("r.json").toString(), "--junit", tmp.resolve("r.xml").toString());
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains("expected to pass, but fail: " + BROKEN), err.toString());
        assertEquals("1 passed, 1 failed, 0 skipped", out.toString().strip());
        String json = Files.readString(tmp.resolve("r.json"));
        assertTrue(json.contains("{\"name\":\"" + BROKEN + "\",\"status\":\"fail\""), json);
        assertTrue(Files.readString(tmp.resolve("r.xml")).contains("<failure message="));
    }

    @Test
    void updateExpectedAddsWhatPassesButKeepsTheBrokenCaseAndFails() throws IOException {
        Path data = buildData();
        Path list = Files.writeString(tmp.resolve("expected.txt"), BROKEN + "\nnode/test_elsewhere\n");
        // The filter leaves node/test_elsewhere out of scope; it stays listed and unjudged.
        int code = command("--data", data.toString(), "--expected", list.toString(), "--filter", "layer_norm", "--update-expected");
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains("expected to pass, but fail: " + BROKEN), err.toString());
        assertEquals("node/test_elsewhere\n" + GOOD + "\n" + BROKEN + "\n", Files.readString(list), "sorted, one name a line");
    }

    @Test
    void dropRemovesTheNamedCaseSaysSoAndTheGateJudgesTheRest() throws IOException {
        Path data = buildData();
        Path list = Files.writeString(tmp.resolve("expected.txt"), BROKEN + "\nnode/test_elsewhere\n");
        int code = command("--data", data.toString(), "--expected", list.toString(), "--filter", "layer_norm",
                "--update-expected", "--drop", BROKEN);
        assertEquals(0, code, err.toString());
        assertTrue(err.toString().contains("dropped: " + BROKEN), err.toString());
        assertEquals("node/test_elsewhere\n" + GOOD + "\n", Files.readString(list));
    }

    @Test
    void droppingACaseThatIsNotListedIsRefusedBeforeAnythingRuns() throws IOException {
        Path data = buildData();
        Path list = Files.writeString(tmp.resolve("expected.txt"), BROKEN + "\n");
        int code = command("--data", data.toString(), "--expected", list.toString(), "--drop", "node/test_typo");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("--drop node/test_typo: not on " + list), err.toString());
        assertEquals("", out.toString(), "nothing ran");
        assertEquals(BROKEN + "\n", Files.readString(list));
    }
}
