package dev.jinn.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The data caches of one core, read once at start-up, which the kernels size their row blocks and
 * pipelines from: Linux's {@code /sys/devices/system/cpu/cpu0/cache/index*} entries ({@code level},
 * {@code type}, {@code size}), else {@link #DEFAULT_L1D} and {@link #DEFAULT_L2}.
 * {@code -Djinn.cache.l1d=BYTES} and {@code -Djinn.cache.l2=BYTES} override either, so that a machine
 * with larger caches can run (and test) the plan of a smaller one. {@link Kernels} logs it once with
 * its choice.
 */
public record CacheGeometry(long l1d, long l2, String source) {
    /** The smallest L1d of the x86 and Arm cores Jinn is meant for: a plan for it is safe on larger ones. */
    public static final long DEFAULT_L1D = 32 * 1024;
    public static final long DEFAULT_L2 = 1024 * 1024;

    private static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");

    /** The geometry of this JVM's CPU, read once. */
    public static CacheGeometry get() {
        return Holder.GEOMETRY;
    }

    private static final class Holder {
        static final CacheGeometry GEOMETRY = read(SYSFS, System.getProperty("jinn.cache.l1d"),
                System.getProperty("jinn.cache.l2"));
    }

    /**
     * The geometry found under {@code dir} (a sysfs cache directory), with {@code l1dOverride} and
     * {@code l2Override} (byte counts, or null) taking precedence.
     */
    static CacheGeometry read(Path dir, String l1dOverride, String l2Override) {
        long l1d = 0, l2 = 0;
        try (var entries = Files.newDirectoryStream(dir, "index*")) {
            for (Path e : entries) {
                String type = line(e.resolve("type"));
                if (type.equals("Instruction")) continue;
                long size = bytes(line(e.resolve("size")));
                switch (line(e.resolve("level"))) {
                    case "1" -> l1d = size;
                    case "2" -> l2 = size;
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or an entry unreadable or in a form not seen before: the defaults below.
            l1d = 0;
            l2 = 0;
        }
        String source = l1d > 0 && l2 > 0 ? "sysfs" : "defaults";
        if (l1d <= 0) l1d = DEFAULT_L1D;
        if (l2 <= 0) l2 = DEFAULT_L2;
        long l1dSet = override(l1dOverride), l2Set = override(l2Override);
        if (l1dOverride != null) source += l1dSet > 0 ? ", l1d from -Djinn.cache.l1d" : ", -Djinn.cache.l1d=" + l1dOverride + " ignored";
        if (l2Override != null) source += l2Set > 0 ? ", l2 from -Djinn.cache.l2" : ", -Djinn.cache.l2=" + l2Override + " ignored";
        return new CacheGeometry(l1dSet > 0 ? l1dSet : l1d, l2Set > 0 ? l2Set : l2, source);
    }

    private static String line(Path p) throws IOException {
        return Files.readString(p).trim();
    }

    /** sysfs sizes: "48K", "2048K", "32768K", or a plain byte count. */
    static long bytes(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        long unit = t.endsWith("K") ? 1024 : t.endsWith("M") ? 1024 * 1024 : 1;
        if (unit != 1) t = t.substring(0, t.length() - 1);
        return Long.parseLong(t) * unit;
    }

    /**
     * An override's bytes, or 0 where it is absent or not a size of at least 4 KiB: a mistyped
     * property is named in the log line rather than stopping every session at start-up.
     */
    private static long override(String value) {
        if (value == null) return 0;
        try {
            long v = bytes(value);
            return v >= 4096 ? v : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "L1d " + (l1d / 1024) + " KiB, L2 " + (l2 / 1024) + " KiB (" + source + ")";
    }
}
