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
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Reads tensor bytes stored beside a model. A location must stay inside the model's folder, checked in the four
 * layers of ONNX's docs/Security.md: no absolute path and no ".."; no symlink anywhere below the folder (as ORT's
 * ValidateExternalDataPath); the file's real path under the folder's real path; and no file with more than one hard
 * link (ONNX's fix for CVE-2026-34446), since a hard link inside the folder can name any file on the same filesystem.
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
        try {
            Path realBase = base.toRealPath();
            BasicFileAttributes checked = checkIdentity(file, realBase, where);
            // NOFOLLOW_LINKS covers only the last component: a folder on the way swapped for a link between the
            // checks and this open would be followed. Hence the second check below, once the file is open.
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                BasicFileAttributes opened = checkIdentity(file, realBase, where);
                // Java cannot stat an open channel, so the path is checked again: the same file (fileKey is device
                // and inode on POSIX; null where the platform has none) with the same size as the channel. A path
                // swapped away and back between the two checks still escapes this; checks on paths cannot close that.
                if (!Objects.equals(checked.fileKey(), opened.fileKey()) || checked.size() != ch.size()) {
                    throw new UnsafeModelException(where + ": the file changed while it was being opened");
                }
                return readRange(ctx, tensor, where, ch, offset, length, expectedBytes);
            }
        } catch (IOException e) {
            throw new MalformedModelException(where + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Layers 1 and 3 for {@code file}, whose path was already checked for links; returns its attributes. */
    private static BasicFileAttributes checkIdentity(Path file, Path realBase, String where) throws IOException {
        Path real = file.toRealPath();
        if (!real.startsWith(realBase)) {
            throw new UnsafeModelException(where + ": its real path " + real + " lies outside " + realBase);
        }
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        // Link counts come only through the "unix" view; filesystems without it (Windows) cannot be asked, so
        // there this layer is skipped and the other three stand alone.
        if (file.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            int links = (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            if (links > 1) {
                throw new UnsafeModelException(where + ": the file has " + links
                        + " hard links; a file with more than one name may be one from outside the model's folder");
            }
        }
        return attrs;
    }

    private static byte[] readRange(TensorProtos.Context ctx, String tensor, String where, FileChannel ch, long offset,
                                    long length, long expectedBytes) throws IOException {
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
    }
}
