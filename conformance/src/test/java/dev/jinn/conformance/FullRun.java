package dev.jinn.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The whole corpus, run once per provider and test JVM and shared by the tests that judge it. */
final class FullRun {
    private static final Map<String, Report> REPORTS = new HashMap<>();

    private FullRun() {}

    static Path data() {
        Path data = Conformance.defaultDataDir();
        if (!Files.isDirectory(data)) {
            throw new IllegalStateException("ONNX backend test data not found at " + data.toAbsolutePath()
                    + "; set -Djinn.testdata or JINN_TESTDATA");
        }
        return data;
    }

    static Report report() {
        return report("java");
    }

    static synchronized Report report(String provider) {
        return REPORTS.computeIfAbsent(provider, p -> Conformance.at(data()).withProvider(p).run());
    }
}
