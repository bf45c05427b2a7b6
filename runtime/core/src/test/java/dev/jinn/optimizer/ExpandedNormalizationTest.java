package dev.jinn.optimizer;

import static dev.jinn.testing.Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.ValueInfo;
import dev.jinn.tensor.Tensor;
import dev.jinn.testing.BackendCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The `_expanded` normalization node cases (layer, RMS, group normalization and MVN written out as
 * their ONNX function bodies: Cast to the stash type, Shape/Slice-built shapes, ...) on the Java
 * provider, with the optimizer on (shape arithmetic folded, patterns fused where they match) and off.
 */
class ExpandedNormalizationTest {
    static List<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(BackendCase.root().resolve("node"))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("_expanded")
                            && (n.contains("normalization") || n.startsWith("test_mvn_")))
                    .sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> expandedNormalizationCases() throws IOException {
        List<String> names = cases();
        assertEquals(61, names.size(), "expanded normalization cases under " + BackendCase.root());
        return names.stream().flatMap(name -> Stream.of(true, false).map(optimize ->
                DynamicTest.dynamicTest(name + (optimize ? "" : " (optimizer off)"), () -> check(name, optimize))));
    }

    private static void check(String name, boolean optimize) {
        BackendCase c = BackendCase.node(name);
        try (Session session = Session.create(c.model(), SessionOptions.defaults().withThreads(2).withOptimize(optimize))) {
            Map<String, Tensor> feed = new HashMap<>();
            List<ValueInfo> inputs = session.inputs();
            for (int i = 0; i < c.inputs().size(); i++) feed.put(inputs.get(i).name(), c.inputs().get(i));
            Result r = session.run(feed);
            assertEquals(c.outputs().size(), r.size());
            for (int i = 0; i < c.outputs().size(); i++) {
                assertClose(c.outputs().get(i), r.get(i), 1e-3, 1e-7, name + " output " + i);
            }
        }
    }
}
