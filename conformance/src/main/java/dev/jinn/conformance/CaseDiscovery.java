package dev.jinn.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the cases in a copy of ONNX's backend test data ({@code onnx/backend/test/data}). Folder
 * suites hold one folder per case with {@code model.onnx} and {@code test_data_set_N/}; the light
 * models are described by {@code real/test_NAME/data.json} and live in {@code light/}.
 */
public final class CaseDiscovery {
    /** The suites whose cases are folders, in the order they are reported. */
    public static final List<String> FOLDER_SUITES = List.of("node", "pytorch-converted", "pytorch-operator", "simple");

    private static final String LIGHT_URL = "onnx/backend/test/data/light/";
    private static final Pattern NUMBERED = Pattern.compile("(?:input|output|test_data_set)_(\\d+)(?:\\.pb)?");

    private CaseDiscovery() {}

    /** Every case under {@code root}, sorted by name within each suite. */
    public static List<ConformanceCase> discover(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("no ONNX backend test data at " + root.toAbsolutePath().normalize()
                    + " (expected the tree of onnx/backend/test/data: node/, simple/, light/, ...)");
        }
        List<ConformanceCase> cases = new ArrayList<>();
        for (String suite : FOLDER_SUITES) {
            Path dir = root.resolve(suite);
            if (!Files.isDirectory(dir)) continue;
            for (Path caseDir : sortedChildren(dir)) {
                if (Files.isRegularFile(caseDir.resolve("model.onnx"))) cases.add(folderCase(suite, caseDir));
            }
        }
        cases.addAll(lightCases(root));
        return cases;
    }

    private static ConformanceCase folderCase(String suite, Path dir) {
        List<ConformanceCase.DataSet> sets = new ArrayList<>();
        for (Path set : numbered(dir, "test_data_set_")) {
            sets.add(new ConformanceCase.DataSet(set.getFileName().toString(), numbered(set, "input_"), numbered(set, "output_")));
        }
        return new ConformanceCase(suite + "/" + dir.getFileName(), dir.resolve("model.onnx"), sets, false,
                ConformanceCase.DEFAULT_RTOL, ConformanceCase.DEFAULT_ATOL);
    }

    private static List<ConformanceCase> lightCases(Path root) {
        Path real = root.resolve("real");
        if (!Files.isDirectory(real)) return List.of();
        List<ConformanceCase> out = new ArrayList<>();
        for (Path dir : sortedChildren(real)) {
            Path json = dir.resolve("data.json");
            if (!Files.isRegularFile(json)) continue;
            String text = read(json);
            String url = jsonString(text, "url");
            String name = jsonString(text, "model_name");
            // Only the light models ship with the data; the others are downloads ONNX's runner fetches.
            if (url == null || name == null || !url.startsWith(LIGHT_URL)) continue;
            Path model = root.resolve("light").resolve(url.substring(LIGHT_URL.length()));
            if (!Files.isRegularFile(model)) continue;
            String stem = model.getFileName().toString().replaceFirst("\\.onnx$", "");
            List<Path> outputs = new ArrayList<>();
            for (int i = 0; Files.isRegularFile(model.resolveSibling(stem + "_output_" + i + ".pb")); i++) {
                outputs.add(model.resolveSibling(stem + "_output_" + i + ".pb"));
            }
            out.add(new ConformanceCase("light/" + name, model,
                    List.of(new ConformanceCase.DataSet("generated", List.of(), outputs)), true,
                    jsonNumber(text, "rtol", ConformanceCase.DEFAULT_RTOL), jsonNumber(text, "atol", ConformanceCase.DEFAULT_ATOL)));
        }
        out.sort(Comparator.comparing(ConformanceCase::name));
        return out;
    }

    /** Files or folders named {@code prefix + N}, by N, gaps included: the runner refuses a gap, naming it. */
    private static List<Path> numbered(Path dir, String prefix) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> NUMBERED.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(CaseDiscovery::number))
                    .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }

    private static int number(Path p) {
        Matcher m = NUMBERED.matcher(p.getFileName().toString());
        if (!m.matches()) throw new IllegalStateException(p.toString());
        return Integer.parseInt(m.group(1));
    }

    private static List<Path> sortedChildren(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    // data.json is a flat object of strings and numbers; a full JSON parser would be a new dependency.
    private static String jsonString(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static double jsonNumber(String json, String key, double fallback) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([-+0-9.eE]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : fallback;
    }
}
