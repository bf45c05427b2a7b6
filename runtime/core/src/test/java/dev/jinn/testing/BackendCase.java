package dev.jinn.testing;

import dev.jinn.onnx.TensorProtos;
import dev.jinn.onnx.proto.Onnx.TensorProto;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
        return at(root().resolve(suite).resolve(name));
    }

    /** The case in {@code dir}, from its test_data_set_0; a case with nothing to compare is refused. */
    public static BackendCase at(Path dir) {
        Path data = dir.resolve("test_data_set_0");
        if (!Files.isDirectory(data)) throw new IllegalStateException(dir + " has no test_data_set_0: nothing to compare");
        List<Tensor> outputs = read(data, "output_");
        if (outputs.isEmpty()) throw new IllegalStateException(data + " has no output_0.pb: nothing to compare");
        return new BackendCase(dir, read(data, "input_"), outputs);
    }

    public Path model() {
        return dir.resolve("model.onnx");
    }

    /** File K feeds the model's input (or checks its output) K, so after a missing K every file would be one off. */
    private static List<Tensor> read(Path data, String prefix) {
        Pattern numbered = Pattern.compile(Pattern.quote(prefix) + "\\d+\\.pb");
        try (Stream<Path> s = Files.list(data)) {
            // Shorter numbers first, then by digits: numeric order without parsing.
            List<String> files = s.map(p -> p.getFileName().toString()).filter(n -> numbered.matcher(n).matches())
                    .sorted(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())).toList();
            List<Tensor> out = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                if (!files.get(i).equals(prefix + i + ".pb")) {
                    throw new IllegalStateException(data + ": " + prefix + i + ".pb is missing, but " + files.get(i) + " is there");
                }
                TensorProto p = TensorProto.parseFrom(Files.readAllBytes(data.resolve(files.get(i))));
                out.add(TensorProtos.read(p, prefix + i, Long.MAX_VALUE));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
