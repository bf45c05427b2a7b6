package dev.jinn.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/** The whole corpus, run once per test JVM and shared by the tests that judge it. */
final class FullRun {
    private static Report report;

    private FullRun() {}

    static Path data() {
        Path data = Conformance.defaultDataDir();
        if (!Files.isDirectory(data)) {
            throw new IllegalStateException("ONNX backend test data not found at " + data.toAbsolutePath()
                    + "; set -Djinn.testdata or JINN_TESTDATA");
        }
        return data;
    }

    static synchronized Report report() {
        if (report == null) report = Conformance.at(data()).withProvider("java").run();
        return report;
    }
}
