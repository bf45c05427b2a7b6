package dev.jinn.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jinn bench}: both runtimes timed, the speedup consistent with the two medians, JSON written with Jinn's allocation per call. */
class BenchCommandTest {
    @Test
    void benchesJinnAgainstOrtAndWritesJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("ln.json");
        StringWriter out = new StringWriter();
        CommandLine cli = Jinn.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("bench", "--op", "LayerNormalization", "--shape", "4x64", "--threads", "1", "--vs", "ort",
                "--rounds", "2", "--calls", "2", "--warmup-ms", "0", "--json", json.toString());
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("speedup"), out.toString());
        String j = Files.readString(json);
        double jinn = number(j, "\"jinn\":\\{\"median_us\":([0-9.]+)");
        double ort = number(j, "\"ort\":\\{\"median_us\":([0-9.]+)");
        double speedup = number(j, "\"speedup\":([0-9.]+)");
        assertTrue(jinn > 0 && ort > 0, j);
        assertEquals(ort / jinn, speedup, 1e-3 * speedup + 1e-3, j);
        // HotSpot counts allocations per thread, so the figure is there (its size depends on the JIT).
        assertTrue(number(j, "\"jinn_alloc_bytes_per_call\":([0-9.]+)") >= 0, j);
        assertTrue(out.toString().contains("bytes per call"), out.toString());
    }

    @Test
    void rejectsAnUnknownRuntime() {
        CommandLine cli = Jinn.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(Jinn.EXIT_BAD_INPUT, cli.execute("bench", "--op", "LayerNormalization", "--shape", "2x8", "--vs", "tflite"));
    }

    private static double number(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        assertTrue(m.find(), regex + " in " + s);
        return Double.parseDouble(m.group(1));
    }
}
