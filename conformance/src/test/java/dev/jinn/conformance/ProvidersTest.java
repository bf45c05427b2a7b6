package dev.jinn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.providers.JavaProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProvidersTest {
    @Test
    void javaIsTheJavaProvider() {
        assertEquals(List.of(JavaProvider.INSTANCE), Providers.forName("java").get());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Providers.forName("tpu"));
        assertTrue(e.getMessage().startsWith("unknown provider 'tpu'; known: ") && e.getMessage().contains("java"), e.getMessage());
    }

    @Test
    void theCommandRefusesAnUnknownProviderWithUsageExitCode() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ConformanceCommand());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--provider", "tpu", "--data", FullRun.data().toString()));
        assertTrue(err.toString().contains("unknown provider 'tpu'"), err.toString());
    }
}
