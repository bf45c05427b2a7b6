package dev.jinn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache geometry from a sysfs tree as Linux writes it, its overrides, and its defaults elsewhere. */
class CacheGeometryTest {
    private static void entry(Path dir, int index, String level, String type, String size) throws IOException {
        Path e = Files.createDirectories(dir.resolve("index" + index));
        Files.writeString(e.resolve("level"), level + "\n");
        Files.writeString(e.resolve("type"), type + "\n");
        Files.writeString(e.resolve("size"), size + "\n");
    }

    /** The entries of the Xeon in docs/benchmarks.md: L1d 48K, L1i 32K, L2 2048K, L3 491520K. */
    private static Path xeon(Path dir) throws IOException {
        entry(dir, 0, "1", "Data", "48K");
        entry(dir, 1, "1", "Instruction", "32K");
        entry(dir, 2, "2", "Unified", "2048K");
        entry(dir, 3, "3", "Unified", "491520K");
        return dir;
    }

    @Test
    void readsLevelOneDataAndLevelTwoFromSysfs(@TempDir Path dir) throws IOException {
        CacheGeometry g = CacheGeometry.read(xeon(dir), null, null);
        assertEquals(48 * 1024, g.l1d());
        assertEquals(2048 * 1024, g.l2());
        assertEquals("sysfs", g.source());
    }

    @Test
    void overridesTakePrecedence(@TempDir Path dir) throws IOException {
        CacheGeometry g = CacheGeometry.read(xeon(dir), "32768", "1M");
        assertEquals(32768, g.l1d());
        assertEquals(1024 * 1024, g.l2());
        assertTrue(g.toString().contains("L1d 32 KiB") && g.toString().contains("-Djinn.cache.l1d"), g.toString());
    }

    @Test
    void aMistypedOverrideIsNamedAndIgnored(@TempDir Path dir) throws IOException {
        CacheGeometry g = CacheGeometry.read(xeon(dir), "32KB", "12");
        assertEquals(48 * 1024, g.l1d());
        assertEquals(2048 * 1024, g.l2());
        assertTrue(g.source().contains("-Djinn.cache.l1d=32KB ignored") && g.source().contains("-Djinn.cache.l2=12 ignored"), g.source());
    }

    @Test
    void defaultsWhereThereIsNoSysfs(@TempDir Path dir) {
        CacheGeometry g = CacheGeometry.read(dir.resolve("absent"), null, null);
        assertEquals(CacheGeometry.DEFAULT_L1D, g.l1d());
        assertEquals(CacheGeometry.DEFAULT_L2, g.l2());
        assertEquals("defaults", g.source());
    }

    @Test
    void defaultsForWhatAnUnreadableTreeLacks(@TempDir Path dir) throws IOException {
        entry(dir, 0, "1", "Data", "not a size");
        CacheGeometry g = CacheGeometry.read(dir, null, null);
        assertEquals(CacheGeometry.DEFAULT_L1D, g.l1d());
        assertEquals("defaults", g.source());
    }
}
