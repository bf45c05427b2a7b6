package dev.jinn.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.models.SampleModels;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Npy;
import dev.jinn.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in-process, as a user would call it: exit codes, stdout and stderr. */
class JinnCliTest {
    private record Outcome(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Outcome jinn(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cmd = Jinn.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
        return new Outcome(code, out.toString(), err.toString());
    }

    private static Path layerNormCase() {
        return Path.of(System.getProperty("jinn.testdata", "../../shared/onnx-backend-tests"))
                .resolve("node/test_layer_normalization_2d_axis0");
    }

    private static Path demoModel(Path dir) throws Exception {
        Path f = dir.resolve("demo.onnx");
        Files.write(f, SampleModels.layerNormDemo());
        return f;
    }

    /** Largest |a - b| over equal shapes, for results checked against ONNX's expected outputs. */
    private static double maxAbsDiff(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()));
        double d = 0;
        for (int i = 0; i < expected.size(); i++) d = Math.max(d, Math.abs(expected.getDouble(i) - actual.getDouble(i)));
        return d;
    }

    @Test
    void versionNamesJinnAndJava() {
        Outcome o = jinn("--version");
        assertEquals(0, o.code(), o.toString());
        assertTrue(o.out().startsWith("jinn 0."), o.toString());
        assertFalse(o.out().contains("unknown") || o.out().contains("${"), o.toString());
        assertTrue(o.out().contains("Java " + System.getProperty("java.version")), o.toString());
    }

    @Test
    void opsPrintsTheRegistryTable() {
        Outcome o = jinn("ops");
        assertEquals(0, o.code(), o.toString());
        assertTrue(o.out().contains("| ai.onnx | LayerNormalization | 17 |"), o.toString());
        assertTrue(o.out().strip().endsWith("operators."), o.toString());
    }

    @Test
    void noSubcommandIsAUsageError() {
        Outcome o = jinn();
        assertEquals(2, o.code(), o.toString());
        assertTrue(o.err().contains("Usage: jinn"), o.toString());
        assertEquals(2, jinn("nonsense").code());
    }

    @Test
    void demoRunsAndAgreesWithItsReference() {
        Outcome o = jinn("demo");
        assertEquals(0, o.code(), o.toString());
        assertTrue(o.out().contains("LayerNormalization-17"), o.toString());
        String check = o.out().lines().filter(l -> l.startsWith("check")).findFirst().orElseThrow();
        double diff = Double.parseDouble(check.replaceAll(".*= (\\S+) over.*", "$1"));
        assertTrue(diff <= 1e-5, check);
        assertTrue(check.endsWith("OK (<= 1e-05)"), check);
    }

    @Test
    void inspectMemoryShowsThePlannedPeakWhereItIsAndWhatIsAliveThere(@TempDir Path dir) throws Exception {
        // Neg overwrites Relu's array in place; at Softmax its input and its output are alive.
        Path f = dir.resolve("chain.onnx");
        Files.write(f, new ModelBuilder("g").opset("", 17).input("x", DataType.FLOAT, "n", 64)
                .node("Relu", List.of("x"), List.of("r"), Map.of())
                .node("Neg", List.of("r"), List.of("m"), Map.of())
                .node("Softmax", List.of("m"), List.of("y"), Map.of())
                .output("y", DataType.FLOAT, "n", 64).toBytes());
        Outcome o = jinn("inspect", f, "--memory", "--dim", "n=2");
        assertEquals(0, o.code(), o.toString());
        assertTrue(o.out().contains("""
                memory plan   for x[2, 64]
                  planned peak  1.0 KiB (arena 512 B for intermediates, 512 B of outputs)
                  largest live  1.0 KiB at node 'Softmax_2' (Softmax)
                    512 B  m
                    512 B  y (output)
                """), o.toString());
    }

    @Test
    void inspectDescribesOneModel(@TempDir Path dir) throws Exception {
        Outcome o = jinn("inspect", demoModel(dir));
        assertEquals(0, o.code(), o.toString());
        assertTrue(o.out().contains("IR version    8"), o.toString());
        assertTrue(o.out().contains("opsets        ai.onnx 17"), o.toString());
        assertTrue(o.out().contains("inputs        X: float32[2,4,8]"), o.toString());
        assertTrue(o.out().contains("outputs       Y: float32[2,4,8]"), o.toString());
        assertTrue(o.out().contains("initializers  2, 64 B"), o.toString());
        assertTrue(o.out().contains("  LayerNormalization  1"), o.toString());
        assertTrue(o.out().contains("unsupported   none"), o.toString());
        assertEquals("", o.err());
    }

    @Test
    void inspectFolderCountsInvalidAndUnsupportedModels(@TempDir Path dir) throws Exception {
        demoModel(dir);
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.write(sub.resolve("custom.onnx"), new ModelBuilder("custom").opset("com.example", 1)
                .input("X", DataType.FLOAT, 2).output("Y", DataType.FLOAT, 2)
                .node("com.example", "Frobnicate", List.of("X"), List.of("Y"), Map.of(), "frob").toBytes());
        byte[] junk = new byte[300];
        new Random(7).nextBytes(junk);
        Files.write(sub.resolve("junk.onnx"), junk);
        Files.writeString(dir.resolve("notes.txt"), "not a model, and not named *.onnx");

        Outcome o = jinn("inspect", dir);
        assertEquals(2, o.code(), o.toString());
        List<String> lines = o.out().lines().toList();
        assertEquals(4, lines.size(), o.toString());
        assertTrue(lines.get(0).contains("demo.onnx") && lines.get(0).endsWith("OK"), o.toString());
        assertTrue(lines.get(1).contains("custom.onnx") && lines.get(1).endsWith("UNSUPPORTED com.example::Frobnicate-1"), o.toString());
        assertTrue(lines.get(2).contains("junk.onnx") && lines.get(2).endsWith("INVALID"), o.toString());
        assertEquals("3 models: 2 loaded, 1 with unsupported operators, 1 invalid", lines.get(3));
        List<String> errors = o.err().lines().toList();
        assertEquals(1, errors.size(), o.toString());
        assertTrue(errors.get(0).startsWith("jinn: model '" + sub.resolve("junk.onnx") + "'"), o.toString());

        Outcome verbose = jinn("inspect", "--verbose", dir);
        assertEquals(2, verbose.code());
        assertTrue(verbose.err().contains("\tat dev.jinn."), "--verbose prints the stack trace\n" + verbose);
    }

    @Test
    void aModelWithSeveralProblemsGetsOneLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("dangling.onnx");
        Files.write(f, new ModelBuilder("dangling").input("X", DataType.FLOAT, 2).output("Y", DataType.FLOAT, 2)
                .node("Add", List.of("A", "B"), List.of("Y"), Map.of()).toBytes());
        Outcome o = jinn("inspect", f);
        assertEquals(2, o.code(), o.toString());
        assertEquals("", o.out());
        assertEquals(1, o.err().lines().count(), o.toString());
        assertTrue(o.err().contains("'A'") && o.err().contains("'B'"), "both problems are named\n" + o);
    }

    @Test
    void inspectOfAMissingFileIsInvalid(@TempDir Path dir) {
        Outcome o = jinn("inspect", dir.resolve("absent.onnx"));
        assertEquals(2, o.code(), o.toString());
        assertTrue(o.err().contains("no such file"), o.toString());
    }

    @Test
    void runOnAnOnnxTestCaseMatchesItsExpectedOutputs(@TempDir Path dir) throws Exception {
        Path data = layerNormCase().resolve("test_data_set_0");
        Outcome o = jinn("run", layerNormCase().resolve("model.onnx"), "--inputs-from", data, "--output-dir", dir, "--threads", 2);
        assertEquals(0, o.code(), o.toString());
        assertTrue(o.out().contains("output Y: float32[3,4]"), o.toString());
        for (int k = 0; k < 3; k++) {
            Tensor expected = TensorFiles.read(data.resolve("output_" + k + ".pb"));
            Tensor pb = TensorFiles.read(dir.resolve("output_" + k + ".pb"));
            Tensor npy = Npy.read(dir.resolve("output_" + k + ".npy"));
            assertTrue(maxAbsDiff(expected, pb) <= 1e-5, "output " + k + "\n" + o);
            assertEquals(0, maxAbsDiff(pb, npy), "the .npy holds the same values as the .pb");
        }
    }

    @Test
    void runReadsNpyInputsByName(@TempDir Path dir) throws Exception {
        Path data = layerNormCase().resolve("test_data_set_0");
        Npy.write(TensorFiles.read(data.resolve("input_0.pb")), dir.resolve("x.npy"));
        Outcome o = jinn("run", layerNormCase().resolve("model.onnx"), "--inputs-from", data,
                "--input", "X=" + dir.resolve("x.npy"), "-o", dir.resolve("out"));
        assertEquals(0, o.code(), o.toString());
        Tensor expected = TensorFiles.read(data.resolve("output_0.pb"));
        assertTrue(maxAbsDiff(expected, Npy.read(dir.resolve("out/output_0.npy"))) <= 1e-5, o.toString());
    }

    @Test
    void runRejectsAnUnknownInputName(@TempDir Path dir) throws Exception {
        Path data = layerNormCase().resolve("test_data_set_0");
        Outcome o = jinn("run", layerNormCase().resolve("model.onnx"), "--inputs-from", data,
                "--input", "Nope=" + data.resolve("input_0.pb"));
        assertEquals(2, o.code(), o.toString());
        assertEquals(1, o.err().lines().count(), o.toString());
        assertTrue(o.err().startsWith("jinn: model '") && o.err().contains("unknown input 'Nope'"), o.toString());
        assertFalse(o.err().contains("\tat "), "no stack trace without --verbose\n" + o);
    }

    @Test
    void runRejectsWrongShapesAndMissingFiles(@TempDir Path dir) throws Exception {
        Path data = layerNormCase().resolve("test_data_set_0");
        Path model = demoModel(dir);
        Outcome shape = jinn("run", model, "--input", "X=" + data.resolve("input_0.pb"));
        assertEquals(2, shape.code(), shape.toString());
        assertTrue(shape.err().contains("input 'X': expected shape"), shape.toString());

        Npy.write(Tensor.of(new double[64], 2, 4, 8), dir.resolve("x64.npy"));
        Outcome dtype = jinn("run", model, "--input", "X=" + dir.resolve("x64.npy"));
        assertEquals(2, dtype.code(), dtype.toString());
        assertTrue(dtype.err().contains("expected dtype float32, got float64"), dtype.toString());

        Outcome missing = jinn("run", model, "--input", "X=" + dir.resolve("absent.npy"));
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("input 'X': npy '") && missing.err().contains("no such file"), missing.toString());

        Files.write(dir.resolve("junk.pb"), new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        Outcome junk = jinn("run", model, "--input", "X=" + dir.resolve("junk.pb"));
        assertEquals(2, junk.code(), junk.toString());
        assertTrue(junk.err().contains("not a TensorProto"), junk.toString());

        Outcome none = jinn("run", model);
        assertEquals(2, none.code(), none.toString());
        assertTrue(none.err().contains("missing input 'X'"), none.toString());
    }

    @Test
    void runOfAnInvalidModelSaysWhy(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("empty.onnx"), new byte[0]);
        Outcome o = jinn("run", dir.resolve("empty.onnx"));
        assertEquals(2, o.code(), o.toString());
        assertTrue(o.err().contains("the file is empty"), o.toString());
    }
}
