package dev.jinn.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.onnx.ModelBuilder;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Npy;
import dev.jinn.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jinn bench MODEL}: the whole-model contract (JSON keys, symbolic dims, MODEL xor --op); no timing claims. */
class ModelBenchCommandTest {
    /** A float input through a MatMul and int64 token ids through a Cast, both with symbolic dims. */
    private static Path tinyModel(Path dir) throws Exception {
        float[] w = new float[4 * 3];
        for (int i = 0; i < w.length; i++) w[i] = i * 0.1f;
        byte[] bytes = new ModelBuilder("tiny").opset("", 17)
                .input("x", DataType.FLOAT, "batch", 4)
                .input("input_ids", DataType.INT64, "batch", "seq")
                .initializer("w", Tensor.wrap(DataType.FLOAT, new int[] {4, 3}, w))
                .output("y", DataType.FLOAT, "batch", 3)
                .output("ids", DataType.FLOAT, "batch", "seq")
                .node("MatMul", List.of("x", "w"), List.of("y"), Map.of())
                .node("Cast", List.of("input_ids"), List.of("ids"), Map.of("to", DataType.FLOAT.code()))
                .toBytes();
        Path model = dir.resolve("tiny.onnx");
        Files.write(model, bytes);
        return model;
    }

    @Test
    void timesAModelInBothRuntimesAndWritesJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("tiny.json");
        StringWriter out = new StringWriter();
        CommandLine cli = Jinn.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("bench", tinyModel(dir).toString(), "--dim", "batch=2", "--dim", "seq=5", "--vs", "ort",
                "--threads", "1", "--iterations", "3", "--warmup", "1", "--json", json.toString());
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("input_ids[2, 5]"), out.toString());
        String j = Files.readString(json);
        double jinn = number(j, "\"jinn\":\\{\"median_us\":([0-9.]+)");
        double ort = number(j, "\"ort\":\\{\"median_us\":([0-9.]+)");
        double speedup = number(j, "\"speedup\":([0-9.]+)");
        assertTrue(jinn > 0 && ort > 0 && speedup > 0, j);
        assertEquals(ort / jinn, speedup, 1e-3 * speedup + 1e-3, j);
    }

    @Test
    void profilePrintsTheTopOpTypes(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Jinn.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("bench", tinyModel(dir).toString(), "--dim", "batch=2", "--dim", "seq=5",
                "--iterations", "4", "--warmup", "1", "--profile", "1");
        assertEquals(0, code, out.toString());
        String o = out.toString();
        assertTrue(o.contains("jinn profile:") && o.contains("in 2 steps"), o);
        // --profile 1: one op type line (MatMul or Cast), each node ran once per run.
        Matcher m = Pattern.compile("(?m)^  (MatMul|Cast) +[0-9.]+ ms +[0-9.]+ % +1 nodes +1\\.0 calls$").matcher(o);
        assertTrue(m.find(), o);
        assertTrue(!m.find(), "one line only: " + o);
    }

    @Test
    void withoutOrtWritesOnlyJinn(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("tiny.json");
        CommandLine cli = Jinn.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        assertEquals(0, cli.execute("bench", tinyModel(dir).toString(), "--dim", "batch=1", "--dim", "seq=3",
                "--iterations", "3", "--warmup", "0", "--json", json.toString()));
        String j = Files.readString(json);
        assertTrue(number(j, "\"jinn\":\\{\"median_us\":([0-9.]+)") > 0, j);
        assertTrue(!j.contains("\"ort\"") && !j.contains("speedup"), j);
    }

    @Test
    void anUnboundSymbolicDimIsBadInputNamingIt(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = Jinn.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        assertEquals(Jinn.EXIT_BAD_INPUT, cli.execute("bench", tinyModel(dir).toString(), "--dim", "batch=1"));
        assertTrue(err.toString().contains("seq") && err.toString().contains("--dim"), err.toString());
    }

    @Test
    void inputsWithInitializersKeepThemInBothRuntimes(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Jinn.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("bench", ModelInputsTest.lightStyleModel(dir).toString(), "--shape", "x=2,4", "--vs", "ort",
                "--iterations", "2", "--warmup", "0");
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains(", inputs x[2, 4], 1 thread,"), out.toString());
        assertTrue(out.toString().contains("ort   median"), out.toString());
    }

    @Test
    void aShapeOfTheWrongRankIsBadInputNamingTheInput(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = Jinn.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        assertEquals(Jinn.EXIT_BAD_INPUT, cli.execute("bench", ModelInputsTest.lightStyleModel(dir).toString(), "--shape", "x=4"));
        assertTrue(err.toString().contains("input 'x' is float32[?,4], of rank 2"), err.toString());
    }

    @Test
    void anInputFromAFileIsTheOneTimed(@TempDir Path dir) throws Exception {
        Path model = tinyModel(dir);
        Path ids = dir.resolve("ids.npy");
        Npy.write(Tensor.of(new long[] {101, 2023, 102, 101, 2003, 102}, 2, 3), ids);
        StringWriter out = new StringWriter();
        CommandLine cli = Jinn.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        // No --dim seq: only the file gives input_ids a shape.
        int code = cli.execute("bench", model.toString(), "--dim", "batch=2", "--input", "input_ids=" + ids, "--vs", "ort",
                "--iterations", "2", "--warmup", "0");
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("inputs x[2, 4], input_ids[2, 3], 1 thread"), out.toString());
        assertEquals(Jinn.EXIT_BAD_INPUT, cli.execute("bench", model.toString(), "--dim", "batch=2", "--iterations", "2"));
    }

    @Test
    void needsExactlyOneOfModelAndOp(@TempDir Path dir) throws Exception {
        CommandLine cli = Jinn.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(Jinn.EXIT_BAD_INPUT, cli.execute("bench"));
        assertEquals(Jinn.EXIT_BAD_INPUT, cli.execute("bench", tinyModel(dir).toString(), "--op", "LayerNormalization",
                "--shape", "2x8"));
    }

    private static double number(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        assertTrue(m.find(), regex + " in " + s);
        return Double.parseDouble(m.group(1));
    }
}
