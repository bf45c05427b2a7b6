package dev.jinn.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.text.SentenceEmbedder;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jinn inspect --optimized` and `jinn embed` on all-MiniLM-L6-v2, in-process. */
class OptimizerCliTest {
    private static String[] jinn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cmd = Jinn.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private static boolean has(String text, String regex) {
        return Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find();
    }

    @Test
    void inspectOptimizedShowsTheFusedMiniLm(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("minilm.onnx");
        try (InputStream in = OptimizerCliTest.class.getClassLoader().getResourceAsStream(SentenceEmbedder.MINILM_MODEL)) {
            Files.copy(in, model);
        }
        String[] plain = jinn("inspect", model.toString());
        assertEquals("0", plain[0], plain[2]);
        assertTrue(has(plain[1], "^\\s+ReduceMean\\s+26$"), plain[1]);
        assertTrue(has(plain[1], "^nodes\\s+637$"), plain[1]);

        String[] optimized = jinn("inspect", "--optimized", model.toString());
        assertEquals("0", optimized[0], optimized[2]);
        assertTrue(has(optimized[1], "^\\s+ai\\.jinn::LayerNormalization\\s+13$"), optimized[1]);
        assertTrue(has(optimized[1], "^\\s+ai\\.jinn::Gelu\\s+6$"), optimized[1]);
        assertFalse(has(optimized[1], "ReduceMean"), optimized[1]);
        assertTrue(has(optimized[1], "^\\s+ai\\.jinn::MatMulAdd\\s+36$"), optimized[1]);
        assertTrue(has(optimized[1], "^nodes\\s+303$"), optimized[1]);
    }

    @Test
    void embedPrintsAUnitVectorOf384Values() {
        String[] o = jinn("embed", "--show", "4", "Jinn runs sentence embeddings in pure Java.");
        assertEquals("0", o[0], o[2]);
        assertTrue(has(o[1], "^dims\\s+384$"), o[1]);
        assertTrue(has(o[1], "^embedding\\s+\\[-?\\d\\.\\d{6}, -?\\d\\.\\d{6}, -?\\d\\.\\d{6}, -?\\d\\.\\d{6}, \\.\\.\\.\\]$"), o[1]);
        assertTrue(has(o[1], "^norm\\s+1\\.000000$"), o[1]);
    }
}
