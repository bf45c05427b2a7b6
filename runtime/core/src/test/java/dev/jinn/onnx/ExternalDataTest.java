package dev.jinn.onnx;

import static dev.jinn.testing.Assertions.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jinn.MalformedModelException;
import dev.jinn.ResourceLimitException;
import dev.jinn.UnsafeModelException;
import dev.jinn.ir.Model;
import dev.jinn.onnx.proto.Onnx.ModelProto;
import dev.jinn.onnx.proto.Onnx.StringStringEntryProto;
import dev.jinn.onnx.proto.Onnx.TensorProto;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.testing.TestFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tensor data stored beside the model: read when it is inside the model's folder, refused otherwise. */
class ExternalDataTest {
    private static final float[] VALUES = {1.5f, -2f, 3.25f, 0f, -0f, Float.MAX_VALUE, Float.MIN_VALUE, 7f, 8f, -9.5f};

    @TempDir
    Path root;
    Path modelDir;
    Path outside;

    @BeforeEach
    void files() throws IOException {
        modelDir = Files.createDirectory(root.resolve("model"));
        outside = root.resolve("outside.bin");
        Files.write(outside, floatBytes(VALUES, 0));
        // 16 bytes of padding, then the values: read with an offset.
        Files.write(modelDir.resolve("w.bin"), floatBytes(VALUES, 16));
    }

    @Test
    void validExternalDataLoadsAndMatches() throws IOException {
        Files.createDirectory(modelDir.resolve("weights"));
        Files.write(modelDir.resolve("weights").resolve("b.bin"), floatBytes(VALUES, 0));
        ModelProto m = HostileModelTest.withInitializers(
                external("w", new long[] {2, 5}, "w.bin", "16", "40"),
                external("b", new long[] {10}, "weights/b.bin", null, null));
        Model model = ModelLoader.load(TestFiles.write(modelDir, "m.onnx", m));
        Tensor w = model.graph().initializers().get("w");
        assertArrayEquals(new int[] {2, 5}, w.shape());
        assertArrayEquals(VALUES, w.floats());
        assertArrayEquals(VALUES, model.graph().initializers().get("b").floats());
    }

    @Test
    void parentDirectoryIsUnsafe() {
        for (String location : new String[] {"../outside.bin", "weights/../../outside.bin", "weights/../w.bin"}) {
            Path p = save(external("w", new long[] {10}, location, null, null));
            assertFails(UnsafeModelException.class, () -> ModelLoader.load(p), "m.onnx", "tensor 'w'", location, "'..' is refused");
        }
    }

    @Test
    void absolutePathIsUnsafe() {
        Path p = save(external("w", new long[] {10}, outside.toAbsolutePath().toString(), null, null));
        assertFails(UnsafeModelException.class, () -> ModelLoader.load(p), "m.onnx", "tensor 'w'", "absolute paths are refused");
    }

    @Test
    void symbolicLinksAreUnsafe() throws IOException {
        Files.createSymbolicLink(modelDir.resolve("link.bin"), outside);
        Path p = save(external("w", new long[] {10}, "link.bin", null, null));
        assertFails(UnsafeModelException.class, () -> ModelLoader.load(p), "tensor 'w'", "'link.bin' is a symbolic link");

        Path elsewhere = Files.createDirectory(root.resolve("elsewhere"));
        Files.write(elsewhere.resolve("x.bin"), floatBytes(VALUES, 0));
        Files.createSymbolicLink(modelDir.resolve("linkdir"), elsewhere);
        Path q = save(external("w", new long[] {10}, "linkdir/x.bin", null, null));
        assertFails(UnsafeModelException.class, () -> ModelLoader.load(q), "tensor 'w'", "'linkdir' is a symbolic link");
    }

    @Test
    void hardLinkToAFileOutsideIsUnsafe() throws IOException {
        assumeUnixLinkCounts();
        // Unlike a symlink, a hard link has no target to resolve: its path and real path both lie inside the folder.
        Files.createLink(modelDir.resolve("hard.bin"), outside);
        Path p = save(external("w", new long[] {10}, "hard.bin", null, null));
        assertFails(UnsafeModelException.class, () -> ModelLoader.load(p), "m.onnx", "tensor 'w'", "'hard.bin'",
                "2 hard links");
    }

    @Test
    void hardLinkInsideTheFolderIsUnsafeToo() throws IOException {
        assumeUnixLinkCounts();
        // From inside the folder one cannot tell which of the names is the original, so any second name is refused.
        Files.createLink(modelDir.resolve("twin.bin"), modelDir.resolve("w.bin"));
        for (String location : new String[] {"w.bin", "twin.bin"}) {
            Path p = save(external("w", new long[] {10}, location, "16", "40"));
            assertFails(UnsafeModelException.class, () -> ModelLoader.load(p), "tensor 'w'", "'" + location + "'",
                    "2 hard links");
        }
    }

    @Test
    void modelFolderReachedThroughALinkStillLoads() throws IOException {
        // Only links below the model's folder are refused; the containment check must compare real path to real path.
        Path alias = Files.createSymbolicLink(root.resolve("alias"), modelDir);
        Path p = TestFiles.write(alias, "m.onnx",
                HostileModelTest.withInitializer(external("w", new long[] {10}, "w.bin", "16", "40")));
        assertArrayEquals(VALUES, ModelLoader.load(p).graph().initializers().get("w").floats());
    }

    @Test
    void modelFromMemoryCannotReadExternalData() {
        byte[] bytes = HostileModelTest.withInitializer(external("w", new long[] {10}, "w.bin", "16", null)).toByteArray();
        assertFails(UnsafeModelException.class, () -> ModelLoader.load(bytes, "mem"), "'mem'", "tensor 'w'", "no folder");
    }

    @Test
    void rangeOutsideTheFileIsMalformed() {
        // w.bin holds 56 bytes.
        Path p = save(external("w", new long[] {10}, "w.bin", "100", null));
        assertFails(MalformedModelException.class, () -> ModelLoader.load(p), "tensor 'w'", "offset 100", "the file's 56 bytes");
        Path q = save(external("w", new long[] {10}, "w.bin", "40", "40"));
        assertFails(MalformedModelException.class, () -> ModelLoader.load(q), "tensor 'w'", "offset 40 and length 40", "56 bytes");
        Path r = save(external("w", new long[] {10}, "w.bin", "-8", "40"));
        assertFails(MalformedModelException.class, () -> ModelLoader.load(r), "tensor 'w'", "offset -8");
    }

    @Test
    void lengthThatDisagreesWithDimsIsMalformed() {
        Path p = save(external("w", new long[] {10}, "w.bin", "16", "36"));
        assertFails(MalformedModelException.class, () -> ModelLoader.load(p), "tensor 'w'", "expected 40 bytes", "found 36");
    }

    @Test
    void terabyteClaimIsMalformedWithoutAllocating() {
        long[] tera = {1 << 20, 1 << 20, 1 << 20};
        Path p = save(external("w", tera, "w.bin", null, null));
        for (LoadOptions o : new LoadOptions[] {LoadOptions.defaults(), LoadOptions.defaults().withMaxTensorBytes(1024)}) {
            assertFails(MalformedModelException.class, () -> ModelLoader.load(p, o), "tensor 'w'",
                    "expected " + (4L << 60) + " bytes", "found 56");
        }
        Path q = save(external("w", tera, "w.bin", "0", Long.toString(4L << 60)));
        assertFails(MalformedModelException.class, () -> ModelLoader.load(q), "tensor 'w'", "lie outside the file's 56 bytes");
    }

    @Test
    void consistentExternalDataOverBudgetIsResourceLimit() {
        Path p = save(external("w", new long[] {10}, "w.bin", "16", "40"));
        assertFails(ResourceLimitException.class, () -> ModelLoader.load(p, LoadOptions.defaults().withMaxTensorBytes(20)),
                "tensor 'w'", "needs 40 bytes", "budget of 20");
    }

    @Test
    void badEntriesAreMalformed() {
        Path missing = save(external("w", new long[] {10}, "nope.bin", null, null));
        assertFails(MalformedModelException.class, () -> ModelLoader.load(missing), "tensor 'w'", "'nope.bin'", "no such file");
        Path noLocation = save(external("w", new long[] {10}, null, null, null));
        assertFails(MalformedModelException.class, () -> ModelLoader.load(noLocation), "tensor 'w'", "no location");
        Path notNumber = save(external("w", new long[] {10}, "w.bin", "sixteen", null));
        assertFails(MalformedModelException.class, () -> ModelLoader.load(notNumber), "tensor 'w'", "'offset' is not a number");
        Path folder = save(external("w", new long[] {10}, ".", null, null));
        assertFails(MalformedModelException.class, () -> ModelLoader.load(folder), "tensor 'w'", "no such file");
    }

    /** Link counts are read through the "unix" attribute view; without it the loader cannot see them. */
    private static void assumeUnixLinkCounts() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("unix"), "no unix:nlink here");
    }

    private Path save(TensorProto t) {
        return TestFiles.write(modelDir, "m.onnx", HostileModelTest.withInitializer(t));
    }

    private static TensorProto external(String name, long[] dims, String location, String offset, String length) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT.code())
                .setDataLocation(TensorProto.DataLocation.EXTERNAL);
        for (long d : dims) b.addDims(d);
        if (location != null) b.addExternalData(entry("location", location));
        if (offset != null) b.addExternalData(entry("offset", offset));
        if (length != null) b.addExternalData(entry("length", length));
        return b.build();
    }

    private static StringStringEntryProto entry(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    private static byte[] floatBytes(float[] values, int padding) {
        ByteBuffer b = ByteBuffer.allocate(padding + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.position(padding);
        for (float v : values) b.putFloat(v);
        assertEquals(0, b.remaining());
        return b.array();
    }
}
