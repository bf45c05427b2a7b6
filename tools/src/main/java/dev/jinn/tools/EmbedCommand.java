package dev.jinn.tools;

import dev.jinn.exec.SessionOptions;
import dev.jinn.text.SentenceEmbedder;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Embeds a text with all-MiniLM-L6-v2 on Jinn's Java ops and prints the start of the vector and its norm. */
@Command(name = "embed", description = {
    "Embed a text with all-MiniLM-L6-v2 (WordPiece tokenizer, mean pooling, L2 normalization), all in Java."})
final class EmbedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEXT", description = "The text to embed.")
    String text;

    @Option(names = "--show", defaultValue = "8", description = "How many leading values to print (default ${DEFAULT-VALUE}).")
    int show;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (SentenceEmbedder e = SentenceEmbedder.allMiniLmL6V2(SessionOptions.defaults())) {
            int tokens = e.tokenizer().encode(text).length();
            float[] v = e.embed(text);
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < Math.min(show, v.length); i++) {
                sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.6f", v[i]));
            }
            if (show < v.length) sb.append(", ...");
            out.println("tokens     " + tokens);
            out.println("dims       " + v.length);
            out.println("embedding  " + sb.append(']'));
            out.println("norm       " + String.format(Locale.ROOT, "%.6f", SentenceEmbedder.norm(v)));
        }
        out.flush();
        return 0;
    }
}
