package dev.jinn.onnx;

import dev.jinn.MalformedModelException;
import dev.jinn.UnsafeModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads tensor bytes stored beside a model. A location must stay inside the model's folder: no
 * absolute path, no "..", and no symlink anywhere on the way (as ORT's ValidateExternalDataPath).
 */
final class ExternalData {
    private ExternalData() {}

    /** Checks the location and range, then charges {@code ctx}'s budget before it allocates. */
    static byte[] read(TensorProtos.Context ctx, String tensor, String location, long offset, long length,
                       long expectedBytes) {
        Path modelDir = ctx.modelDir;
        String where = "model '" + ctx.model + "', tensor '" + tensor + "': external data '" + location + "'";
        if (modelDir == null) {
            throw new UnsafeModelException(where + ": a model loaded from memory has no folder to read external data from");
        }
        if (location == null || location.isEmpty()) {
            throw new MalformedModelException(where + ": no location given");
        }
        if (location.indexOf('\0') >= 0 || location.startsWith("/") || location.startsWith("\\")
                || location.matches("^[A-Za-z]:.*")) {
            throw new UnsafeModelException(where + ": absolute paths are refused; expected a path inside " + modelDir);
        }
        Path rel = Path.of(location);
        if (rel.isAbsolute()) {
            throw new UnsafeModelException(where + ": absolute paths are refused; expected a path inside " + modelDir);
        }
        for (Path part : rel) {
            if (part.toString().equals("..")) {
                throw new UnsafeModelException(where + ": '..' is refused; external data must lie inside " + modelDir);
            }
        }
        Path base = modelDir.toAbsolutePath().normalize();
        Path file = base.resolve(rel).normalize();
        if (!file.startsWith(base)) {
            throw new UnsafeModelException(where + ": resolves outside " + base);
        }
        for (Path p = file; p != null && !p.equals(base); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeModelException(where + ": '" + base.relativize(p) + "' is a symbolic link; links are refused");
            }
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new MalformedModelException(where + ": no such file in " + base);
        }
        // NOFOLLOW_LINKS: a link swapped in after the checks above is still refused.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long fileSize = ch.size();
            long len = length < 0 ? fileSize - offset : length;
            if (offset < 0 || offset > fileSize || len < 0 || len > fileSize - offset) {
                throw new MalformedModelException(where + ": offset " + offset + " and length " + len
                        + " lie outside the file's " + fileSize + " bytes");
            }
            if (len != expectedBytes) {
                throw new MalformedModelException(where + ": expected " + expectedBytes + " bytes for the tensor's dims, found " + len);
            }
            ctx.charge(tensor, len);
            byte[] out = new byte[Math.toIntExact(len)];
            ByteBuffer buf = ByteBuffer.wrap(out);
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) break;
            }
            return out;
        } catch (IOException e) {
            throw new MalformedModelException(where + ": cannot read: " + e.getMessage(), e);
        }
    }
}
