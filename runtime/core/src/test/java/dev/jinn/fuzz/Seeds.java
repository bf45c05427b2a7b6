package dev.jinn.fuzz;

import dev.jinn.onnx.TensorProtos;
import dev.jinn.onnx.proto.Onnx.ModelProto;
import dev.jinn.onnx.proto.Onnx.TensorProto;
import dev.jinn.onnx.proto.Onnx.ValueInfoProto;
import dev.jinn.tensor.Tensor;
import dev.jinn.testing.BackendCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The valid models the fuzzer starts from: every case of ONNX's backend node tests, read in place
 * and numbered in name order, so that a fuzzer input names its seed by number. Parsed models and
 * inputs are kept, since a campaign returns to the same seeds millions of times; they are
 * immutable, so the cache cannot make one execution depend on another.
 */
final class Seeds {
    private static final List<Path> CASES = list();
    private static final Map<Integer, ModelProto> MODELS = new ConcurrentHashMap<>();
    private static final Map<Integer, Map<String, Tensor>> INPUTS = new ConcurrentHashMap<>();

    private Seeds() {}

    static int count() {
        return CASES.size();
    }

    static String name(int i) {
        return CASES.get(i).getFileName().toString();
    }

    static ModelProto model(int i) {
        return MODELS.computeIfAbsent(i, k -> {
            try {
                return ModelProto.parseFrom(Files.readAllBytes(CASES.get(k).resolve("model.onnx")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The tensors of the case's first data set, by the names of the inputs they feed. Inputs that
     * are sequences, maps or optionals are left out: the fuzzer feeds tensors only.
     */
    static Map<String, Tensor> inputs(int i) {
        return INPUTS.computeIfAbsent(i, k -> {
            Map<String, Tensor> out = new LinkedHashMap<>();
            Path set = CASES.get(k).resolve("test_data_set_0");
            List<ValueInfoProto> declared = model(k).getGraph().getInputList();
            try {
                for (int n = 0; n < declared.size() && Files.isRegularFile(set.resolve("input_" + n + ".pb")); n++) {
                    if (!declared.get(n).getType().hasTensorType()) continue;
                    TensorProto p = TensorProto.parseFrom(Files.readAllBytes(set.resolve("input_" + n + ".pb")));
                    out.put(declared.get(n).getName(), TensorProtos.read(p, "input_" + n, Long.MAX_VALUE));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Collections.unmodifiableMap(out);
        });
    }

    private static List<Path> list() {
        Path node = BackendCase.root().resolve("node");
        try (Stream<Path> s = Files.list(node)) {
            List<Path> cases = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
            if (cases.isEmpty()) throw new IllegalStateException("no backend node tests under " + node);
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException("no backend test data at " + node, e);
        }
    }
}
