package dev.jinn.testing;

import dev.jinn.onnx.TensorProtos;
import dev.jinn.onnx.proto.Onnx.TensorProto;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One case of ONNX's backend test data, read in place from ../shared/onnx-backend-tests. */
public record BackendCase(Path dir, List<Tensor> inputs, List<Tensor> outputs) {
    public static Path root() {
        return Path.of(System.getProperty("jinn.testdata", "../../../shared/onnx-backend-tests"));
    }

    public static BackendCase node(String name) {
        return of("node", name);
    }

    /** A case of any suite under the test data root ("node", "pytorch-converted", ...). */
    public static BackendCase of(String suite, String name) {
        Path dir = root().resolve(suite).resolve(name);
        Path data = dir.resolve("test_data_set_0");
        return new BackendCase(dir, read(data, "input_"), read(data, "output_"));
    }

    /** Names of the node cases matching {@code regex} (whole name), sorted. */
    public static List<String> list(String regex) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        try (java.util.stream.Stream<Path> s = Files.list(root().resolve("node"))) {
            return s.map(d -> d.getFileName().toString()).filter(n -> p.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path model() {
        return dir.resolve("model.onnx");
    }

    private static List<Tensor> read(Path data, String prefix) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; Files.exists(data.resolve(prefix + i + ".pb")); i++) {
            try {
                TensorProto p = TensorProto.parseFrom(Files.readAllBytes(data.resolve(prefix + i + ".pb")));
                out.add(TensorProtos.read(p, prefix + i, Long.MAX_VALUE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
