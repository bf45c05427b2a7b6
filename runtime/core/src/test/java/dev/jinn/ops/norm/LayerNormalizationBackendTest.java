package dev.jinn.ops.norm;

import static dev.jinn.testing.Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.ValueInfo;
import dev.jinn.testing.BackendCase;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every non-expanded test_layer_normalization_* node case, through the Session API, all outputs. */
class LayerNormalizationBackendTest {
    @TestFactory
    Stream<DynamicTest> layerNormalizationNodeCases() throws IOException {
        List<String> names;
        try (Stream<Path> s = Files.list(BackendCase.root().resolve("node"))) {
            names = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("test_layer_normalization_") && !n.contains("expanded"))
                    .sorted().toList();
        }
        assertFalse(names.isEmpty(), "no layer normalization cases under " + BackendCase.root());
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            BackendCase c = BackendCase.node(name);
            try (Session session = Session.create(c.model(), SessionOptions.defaults().withThreads(2))) {
                Map<String, Tensor> feed = new HashMap<>();
                List<ValueInfo> inputs = session.inputs();
                for (int i = 0; i < c.inputs().size(); i++) feed.put(inputs.get(i).name(), c.inputs().get(i));
                Result r = session.run(feed);
                assertEquals(c.outputs().size(), r.size());
                for (int i = 0; i < c.outputs().size(); i++) {
                    assertClose(c.outputs().get(i), r.get(i), 1e-3, 1e-7, name + " output " + i);
                }
            }
        }));
    }
}
