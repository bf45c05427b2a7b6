package dev.jinn.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Per-case tolerance overrides, from one committed file ({@code conformance/tolerances.txt}, shipped
 * as a resource). A line reads {@code node/test_name rtol=1e-2 atol=1e-5}; either key may be left out;
 * {@code #} starts a comment. Cases not listed keep ONNX's defaults (or their data.json values).
 */
public final class Tolerances {
    public static final String RESOURCE = "/dev/jinn/conformance/tolerances.txt";

    /** An override for one case; NaN leaves that tolerance as it was. */
    public record Override(double rtol, double atol) {}

    private final Map<String, Override> byCase;

    private Tolerances(Map<String, Override> byCase) {
        this.byCase = Map.copyOf(byCase);
    }

    public static Tolerances none() {
        return new Tolerances(Map.of());
    }

    /** The committed overrides. */
    public static Tolerances standard() {
        try (InputStream in = Tolerances.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Tolerances parse(String text, String source) {
        Map<String, Override> map = new HashMap<>();
        String[] lines = text.split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].replaceFirst("#.*", "").trim();
            if (line.isEmpty()) continue;
            String[] words = line.split("\\s+");
            double rtol = Double.NaN;
            double atol = Double.NaN;
            for (int w = 1; w < words.length; w++) {
                String[] kv = words[w].split("=", 2);
                try {
                    switch (kv.length == 2 ? kv[0].toLowerCase(Locale.ROOT) : "") {
                        case "rtol" -> rtol = Double.parseDouble(kv[1]);
                        case "atol" -> atol = Double.parseDouble(kv[1]);
                        default -> throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(source + ":" + (n + 1) + ": expected 'rtol=<number>' or 'atol=<number>', got '" + words[w] + "'");
                }
            }
            if (words.length == 1) throw new IllegalArgumentException(source + ":" + (n + 1) + ": '" + words[0] + "' has no rtol= or atol=");
            if (map.put(words[0], new Override(rtol, atol)) != null) {
                throw new IllegalArgumentException(source + ":" + (n + 1) + ": '" + words[0] + "' is listed twice");
            }
        }
        return new Tolerances(map);
    }

    public double rtol(ConformanceCase c) {
        Override o = byCase.get(c.name());
        return o == null || Double.isNaN(o.rtol()) ? c.rtol() : o.rtol();
    }

    public double atol(ConformanceCase c) {
        Override o = byCase.get(c.name());
        return o == null || Double.isNaN(o.atol()) ? c.atol() : o.atol();
    }
}
