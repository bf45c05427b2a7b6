package dev.jinn.providers.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * 10,000 runs that cross to ONNX Runtime and back must not grow the process. Each run moves a
 * [64,256] float tensor (64 KiB) in and one out through each of two ORT subgraphs, so leaking any
 * one native tensor, result or buffer per run would add at least 64 KiB x 10,000 = 625 MiB. The
 * bound, 64 MiB, is ten times smaller than that and leaves room for what a healthy JVM may still
 * take after the warm-up: heap regions the collector has not touched yet, JIT code, and malloc
 * arenas of ORT's threads. (Leaving ORT's results unclosed makes this test fail with about 1.4 GiB
 * of growth.)
 */
class OrtLeakTest {
    static final int RUNS = 10_000;
    static final long BOUND_KIB = 64 * 1024;

    @Test
    void tenThousandRunsDoNotGrowResidentMemory() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc/self/status on this OS");
        List<dev.jinn.providers.Provider> providers = Providers.forMode("auto");
        OrtProvider ort = (OrtProvider) providers.get(1);
        try (Session s = Session.create(TestModels.mixed(64, 256), SessionOptions.defaults().withProviders(providers))) {
            Map<String, Tensor> in = Map.of("x", TestModels.gaussian(11, 1, 64, 256));
            Tensor first = s.run(in).get("y");
            for (int i = 0; i < 2_000; i++) s.run(in);
            System.gc();
            long before = rssKib();
            double checksum = 0;
            for (int i = 0; i < RUNS; i++) checksum += s.run(in).get("y").getDouble(i % first.size());
            System.gc();
            long after = rssKib();
            System.out.printf("leak test: VmRSS before %d KiB, after %d runs %d KiB, growth %d KiB (bound %d KiB); checksum %.3f%n",
                    before, RUNS, after, after - before, BOUND_KIB, checksum);
            assertTrue(after - before < BOUND_KIB, "VmRSS grew by " + (after - before) + " KiB over " + RUNS + " runs");
            assertEquals(0.0, TestModels.maxAbsDiff(first, s.run(in).get("y")), "runs must agree");
        }
        assertEquals(0, ort.openSessions());
    }

    private static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
