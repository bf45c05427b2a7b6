package dev.jinn.ops.norm;

import static dev.jinn.testing.Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every non-expanded normalization node case of ONNX's backend tests, and PyTorch's converted
 * BatchNorm cases, through the Session API with all their outputs, at 1 and 2 threads.
 */
class NormalizationBackendTest {
    private static final Pattern NODE = Pattern.compile(
            "test_(layer_normalization|batchnorm|instancenorm|group_normalization|rms_normalization|lpnormalization"
                    + "|l1normalization|l2normalization|mvn|lrn).*");

    /** The node cases this family owns; the count pins that none goes missing from the test data. */
    @TestFactory
    Stream<DynamicTest> nodeCases() throws IOException {
        List<String> names = list("node", n -> NODE.matcher(n).matches() && !n.contains("expanded"));
        assertEquals(55, names.size(), "normalization node cases under " + BackendCase.root() + ": " + names);
        return names.stream().flatMap(name -> cases("node", name));
    }

    @TestFactory
    Stream<DynamicTest> pytorchBatchNormCases() throws IOException {
        List<String> names = list("pytorch-converted", n -> n.startsWith("test_BatchNorm"));
        assertEquals(5, names.size(), "pytorch-converted BatchNorm cases: " + names);
        return names.stream().flatMap(name -> cases("pytorch-converted", name));
    }

    private static List<String> list(String suite, Predicate<String> keep) throws IOException {
        try (Stream<Path> s = Files.list(BackendCase.root().resolve(suite))) {
            return s.map(p -> p.getFileName().toString()).filter(keep).sorted().toList();
        }
    }

    private static Stream<DynamicTest> cases(String suite, String name) {
        return Stream.of(1, 2).map(threads -> DynamicTest.dynamicTest(name + " threads=" + threads, () -> {
            BackendCase c = BackendCase.of(suite, name);
            try (Session session = Session.create(c.model(), SessionOptions.defaults().withThreads(threads))) {
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
