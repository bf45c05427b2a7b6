package dev.jinn.testing;

import dev.jinn.onnx.proto.Onnx.ModelProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/** Writing test models to disk, and watching the threads that sessions start. */
public final class TestFiles {
    private TestFiles() {}

    public static Path write(Path dir, String file, byte[] bytes) {
        try {
            return Files.write(dir.resolve(file), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path dir, String file, ModelProto model) {
        return write(dir, file, model.toByteArray());
    }

    /** Live intra-op worker threads of sessions (IntraOpPool's thread names). */
    public static Set<Thread> poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("jinn-intra-op-"))
                .collect(Collectors.toSet());
    }
}
