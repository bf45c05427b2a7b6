package dev.jinn.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the line that lets Jinn run on a JVM without {@code --add-modules jdk.incubator.vector}: only
 * the {@code Vector*} classes of the kernel family packages name the incubator module, so no other
 * class can fail to link without it. The check reads the compiled classes' constant pools, where
 * every class a class refers to is named.
 */
class KernelIsolationTest {
    private static final String FAMILIES = "conv|elementwise|gemm|norm|pool|reduce|softmax";
    private static final byte[] INCUBATOR = "jdk/incubator/vector/".getBytes(StandardCharsets.UTF_8);

    private static Path classes() throws Exception {
        return Path.of(Kernels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void onlyTheVectorTwinsTouchTheIncubatorModule() throws Exception {
        List<String> touching = new ArrayList<>();
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                if (!contains(Files.readAllBytes(f), INCUBATOR)) continue;
                String name = classes().relativize(f).toString().replace('\\', '/');
                touching.add(name);
                if (!name.matches("dev/jinn/kernels/(" + FAMILIES + ")/Vector\\w*(\\$[\\w$]+)?\\.class")) offenders.add(name);
            }
        }
        assertTrue(offenders.isEmpty(), "classes outside the vector twins refer to jdk.incubator.vector: " + offenders);
        // Guards the scan itself: were it blind, it would find nothing at all.
        assertTrue(touching.contains("dev/jinn/kernels/gemm/VectorGemmKernel.class"), "scan found " + touching);
    }

    @Test
    void everyFamilyHasAScalarAndAVectorTwin() throws IOException, Exception {
        TreeSet<String> families = new TreeSet<>();
        for (String family : FAMILIES.split("\\|")) {
            Path dir = classes().resolve("dev/jinn/kernels/" + family);
            try (Stream<Path> files = Files.list(dir)) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                if (names.stream().anyMatch(n -> n.matches("Scalar\\w+Kernel\\.class"))
                        && names.stream().anyMatch(n -> n.matches("Vector\\w+Kernel\\.class"))) {
                    families.add(family);
                }
            }
        }
        assertEquals(new TreeSet<>(List.of(FAMILIES.split("\\|"))), families);
    }

    @Test
    void theVectorSetLoadsAndIsChosenUnderTheModule() {
        // Surefire runs with --add-modules jdk.incubator.vector, so the vector set must load.
        KernelSet v = Kernels.vector();
        assertNotNull(v, "vector kernels");
        if (!"scalar".equals(System.getProperty("jinn.kernels"))) assertEquals(v, Kernels.get());
        assertEquals("scalar", Kernels.scalar().name());
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }
}
