package dev.jinn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SeveralProvidersCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ConformanceCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void eachProviderGetsItsClosingLineAndItsColumns(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("r.md");
        int code = run("--data", FullRun.data().toString(), "--filter", "node/test_abs$", "--provider", "java",
                "--provider", "auto", "--report", md.toString());
        assertEquals(0, code, err.toString());
        assertEquals("java: 1 passed, 0 failed, 0 skipped\nauto: 1 passed, 0 failed, 0 skipped\n", out.toString().replace("\r\n", "\n"));
        String report = Files.readString(md);
        assertTrue(report.contains("--provider java --provider auto --report"), report);
        assertTrue(report.contains("| `Abs` | 1 | 1 | 0 | 0 | 1 | 0 | 0 |"), report);
    }

    @Test
    void oneProviderKeepsThePlainClosingLine() {
        assertEquals(0, run("--data", FullRun.data().toString(), "--filter", "node/test_abs$", "--provider", "java,java"), err.toString());
        assertEquals("1 passed, 0 failed, 0 skipped\n", out.toString().replace("\r\n", "\n"));
    }

    @Test
    void aSingleListCannotGateSeveralProviders(@TempDir Path dir) {
        assertEquals(2, run("--data", FullRun.data().toString(), "--provider", "java,auto", "--expected", dir.resolve("x.txt").toString()));
        assertTrue(err.toString().contains("--expected takes one provider"), err.toString());
    }
}
