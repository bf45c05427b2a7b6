package dev.jinn.onnx;

import static dev.jinn.testing.Assertions.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.jinn.MalformedModelException;
import dev.jinn.ResourceLimitException;
import dev.jinn.ir.Model;
import dev.jinn.onnx.proto.Onnx.ModelProto;
import dev.jinn.onnx.proto.Onnx.SparseTensorProto;
import dev.jinn.onnx.proto.Onnx.TensorProto;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * TensorProto to Tensor and back, for every ONNX element type, in raw_data and in the typed fields.
 * Expected sizes and values are written out from the ONNX spec (onnx.proto, docs/Float8.md), not
 * computed by Jinn.
 */
class TensorProtosTest {
    /** raw_data bytes for 5 elements of each type: sub-byte types are packed, the last byte padded. */
    private static final Map<DataType, Integer> RAW_BYTES_FOR_5 = new EnumMap<>(Map.ofEntries(
            Map.entry(DataType.FLOAT, 20), Map.entry(DataType.UINT8, 5), Map.entry(DataType.INT8, 5),
            Map.entry(DataType.UINT16, 10), Map.entry(DataType.INT16, 10), Map.entry(DataType.INT32, 20),
            Map.entry(DataType.INT64, 40), Map.entry(DataType.BOOL, 5), Map.entry(DataType.FLOAT16, 10),
            Map.entry(DataType.DOUBLE, 40), Map.entry(DataType.UINT32, 20), Map.entry(DataType.UINT64, 40),
            Map.entry(DataType.COMPLEX64, 40), Map.entry(DataType.COMPLEX128, 80), Map.entry(DataType.BFLOAT16, 10),
            Map.entry(DataType.FLOAT8E4M3FN, 5), Map.entry(DataType.FLOAT8E4M3FNUZ, 5), Map.entry(DataType.FLOAT8E5M2, 5),
            Map.entry(DataType.FLOAT8E5M2FNUZ, 5), Map.entry(DataType.UINT4, 3), Map.entry(DataType.INT4, 3),
            Map.entry(DataType.FLOAT4E2M1, 3), Map.entry(DataType.FLOAT8E8M0, 5), Map.entry(DataType.UINT2, 2),
            Map.entry(DataType.INT2, 2)));

    @Test
    void dataTypeCodesAreOnnxs() {
        for (DataType t : DataType.values()) {
            assertEquals(t.name(), TensorProto.DataType.forNumber(t.code()).name(), "code " + t.code());
            assertEquals(t, DataType.fromCode(t.code()));
        }
        assertEquals(DataType.values().length, TensorProto.DataType.values().length - 1, "every ONNX type but UNDEFINED");
    }

    @Test
    void everyTypeRoundTripsThroughRawData() throws InvalidProtocolBufferException {
        Random rnd = new Random(7);
        for (DataType t : DataType.values()) {
            if (t == DataType.STRING) continue;
            Tensor original = Tensor.wrap(t, new int[] {5, 1}, randomArray(t, 5, rnd));
            TensorProto p = TensorProtos.toProto(original, "t");
            assertEquals(t.code(), p.getDataType(), t + " data_type");
            assertEquals(RAW_BYTES_FOR_5.get(t), p.getRawData().size(), t + " raw_data bytes");
            Tensor back = TensorProtos.read(TensorProto.parseFrom(p.toByteArray()), "t", Long.MAX_VALUE);
            assertSame(original, back, t.toString());
        }
    }

    @Test
    void stringsRoundTripThroughStringData() throws InvalidProtocolBufferException {
        Tensor s = Tensor.of(new String[] {"", "héllo", "日本", "a\u0000b"}, 2, 2);
        TensorProto p = TensorProtos.toProto(s, "s");
        assertEquals(4, p.getStringDataCount());
        assertEquals(ByteString.copyFromUtf8("héllo"), p.getStringData(1));
        assertSame(s, TensorProtos.read(TensorProto.parseFrom(p.toByteArray()), "s", Long.MAX_VALUE), "string");
    }

    @Test
    void rawDataIsLittleEndianAndPackedLowBitsFirst() {
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F},
                TensorProtos.toProto(Tensor.of(new float[] {1f}, 1), "f").getRawData().toByteArray());
        // int4 [-8, 7, -1]: first element in the low nibble.
        Tensor int4 = Tensor.wrap(DataType.INT4, new int[] {3}, new byte[] {0x78, 0x0F});
        assertArrayEquals(new long[] {-8, 7, -1}, int4.toLongArray());
        assertArrayEquals(new byte[] {0x78, 0x0F}, TensorProtos.toProto(int4, "i4").getRawData().toByteArray());
    }

    @Test
    void emptyAndScalarTensorsRoundTrip() {
        for (int[] shape : new int[][] {{}, {0}, {3, 0, 2}}) {
            Tensor t = Tensor.zeros(DataType.FLOAT, shape);
            Tensor back = TensorProtos.read(TensorProtos.toProto(t, "z"), "z", Long.MAX_VALUE);
            assertArrayEquals(shape, back.shape());
            assertEquals(t.size(), back.size());
        }
    }

    // ---- the typed fields, as onnx.helper.make_tensor writes them ----

    @Test
    void floatDataAndComplex64() {
        Tensor f = read(typed(DataType.FLOAT, 3).addFloatData(1.5f).addFloatData(-2f).addFloatData(Float.NaN));
        assertArrayEquals(new float[] {1.5f, -2f, Float.NaN}, f.floats());
        Tensor c = read(typed(DataType.COMPLEX64, 2).addFloatData(1).addFloatData(2).addFloatData(3).addFloatData(4));
        assertArrayEquals(new float[] {1, 2, 3, 4}, c.floats(), "real, imaginary pairs");
        assertEquals(3.0, c.getDouble(1), "real part of element 1");
    }

    @Test
    void doubleDataAndComplex128() {
        assertArrayEquals(new double[] {0.1, -1e300}, read(typed(DataType.DOUBLE, 2).addDoubleData(0.1).addDoubleData(-1e300)).doubles());
        Tensor c = read(typed(DataType.COMPLEX128, 1).addDoubleData(5).addDoubleData(-6));
        assertArrayEquals(new double[] {5, -6}, c.doubles());
    }

    @Test
    void int64AndUint64Data() {
        assertArrayEquals(new long[] {Long.MIN_VALUE, 42}, read(typed(DataType.INT64, 2).addInt64Data(Long.MIN_VALUE).addInt64Data(42)).longs());
        Tensor u64 = read(typed(DataType.UINT64, 1).addUint64Data(-1L)); // 2^64 - 1
        assertEquals(1.8446744073709552e19, u64.getDouble(0));
        Tensor u32 = read(typed(DataType.UINT32, 2).addUint64Data(4_000_000_000L).addUint64Data(7));
        assertArrayEquals(new long[] {4_000_000_000L, 7}, u32.toLongArray());
    }

    @Test
    void stringData() {
        Tensor s = read(typed(DataType.STRING, 2).addStringData(ByteString.copyFromUtf8("héllo")).addStringData(ByteString.EMPTY));
        assertArrayEquals(new String[] {"héllo", ""}, s.strings());
    }

    @Test
    void int32DataHoldsSmallIntegerTypesOneEach() {
        assertArrayEquals(new long[] {-7, 123456}, read(int32(DataType.INT32, -7, 123456)).toLongArray());
        assertArrayEquals(new long[] {-128, 127}, read(int32(DataType.INT8, -128, 127)).toLongArray());
        assertArrayEquals(new long[] {0, 255}, read(int32(DataType.UINT8, 0, 255)).toLongArray());
        assertArrayEquals(new long[] {-32768, 32767}, read(int32(DataType.INT16, -32768, 32767)).toLongArray());
        assertArrayEquals(new long[] {65535, 1}, read(int32(DataType.UINT16, 65535, 1)).toLongArray());
        assertArrayEquals(new long[] {1, 0, 1}, read(int32(DataType.BOOL, 1, 0, 1)).toLongArray());
    }

    @Test
    void int32DataHoldsFloatBitsForSmallFloats() {
        // float16 1.5 = 0x3E00, -2 = 0xC000; bfloat16 1.5 = 0x3FC0.
        assertArrayEquals(new float[] {1.5f, -2f}, read(int32(DataType.FLOAT16, 0x3E00, 0xC000)).toFloatArray());
        assertArrayEquals(new float[] {1.5f, -2f}, read(int32(DataType.BFLOAT16, 0x3FC0, 0xC000)).toFloatArray());
        // Float8.md: 1.0 in each format, then its largest finite value.
        assertArrayEquals(new float[] {1f, 448f}, read(int32(DataType.FLOAT8E4M3FN, 0x38, 0x7E)).toFloatArray());
        assertArrayEquals(new float[] {1f, 240f}, read(int32(DataType.FLOAT8E4M3FNUZ, 0x40, 0x7F)).toFloatArray());
        assertArrayEquals(new float[] {1f, 57344f}, read(int32(DataType.FLOAT8E5M2, 0x3C, 0x7B)).toFloatArray());
        assertArrayEquals(new float[] {1f, 57344f}, read(int32(DataType.FLOAT8E5M2FNUZ, 0x40, 0x7F)).toFloatArray());
        assertArrayEquals(new float[] {1f, 0.5f}, read(int32(DataType.FLOAT8E8M0, 127, 126)).toFloatArray());
    }

    @Test
    void int32DataHoldsPackedSubByteTypes() {
        // One packed byte per int32, as onnx.proto specifies.
        assertArrayEquals(new long[] {-8, 7, -1}, read(packed(DataType.INT4, 3, 0x78, 0x0F)).toLongArray());
        assertArrayEquals(new long[] {1, 15, 9}, read(packed(DataType.UINT4, 3, 0xF1, 0x09)).toLongArray());
        assertArrayEquals(new long[] {-2, -1, 0, 1, -2}, read(packed(DataType.INT2, 5, 0x4E, 0x02)).toLongArray());
        assertArrayEquals(new long[] {3, 0, 2}, read(packed(DataType.UINT2, 3, 0x23)).toLongArray());
        // float4e2m1: 0x2 = 1.0, 0x3 = 1.5, 0xF = -6.
        assertArrayEquals(new float[] {1f, 1.5f, -6f}, read(packed(DataType.FLOAT4E2M1, 3, 0x32, 0x0F)).toFloatArray());
        // One element per int32, as older writers did, gives the same tensor.
        assertArrayEquals(new long[] {-8, 7, -1}, read(packed(DataType.INT4, 3, -8, 7, -1)).toLongArray());
    }

    // ---- sizes that do not match the dims ----

    @Test
    void subByteSizesCountPackedBytes() {
        assertEquals(3, read(rawOf(DataType.INT4, new byte[2], 3)).size(), "int4 [3] is 2 bytes");
        assertEquals(5, read(rawOf(DataType.INT2, new byte[2], 5)).size(), "int2 [5] is 2 bytes");
        assertEquals(4, read(rawOf(DataType.UINT4, new byte[2], 4)).size(), "uint4 [4] is 2 bytes");
        assertEquals(1, read(rawOf(DataType.FLOAT4E2M1, new byte[1], 1)).size(), "float4e2m1 [1] is 1 byte");
        assertFails(MalformedModelException.class, () -> read(rawOf(DataType.INT4, new byte[1], 3)),
                "tensor 't'", "raw_data holds 1 bytes", "of int4 need 2");
        assertFails(MalformedModelException.class, () -> read(rawOf(DataType.INT4, new byte[3], 3)), "holds 3 bytes", "need 2");
        assertFails(MalformedModelException.class, () -> read(rawOf(DataType.INT2, new byte[1], 5)), "holds 1 bytes", "need 2");
        assertFails(MalformedModelException.class, () -> read(packed(DataType.INT4, 3, 0x78)),
                "int32_data holds 1 values", "need 2");
    }

    @Test
    void typedCountsThatDoNotMatchTheDimsAreMalformed() {
        assertFails(MalformedModelException.class, () -> read(typed(DataType.FLOAT, 3).addFloatData(1).addFloatData(2)),
                "tensor 't'", "float_data holds 2 values", "need 3");
        assertFails(MalformedModelException.class, () -> read(typed(DataType.COMPLEX64, 2).addFloatData(1).addFloatData(2)),
                "float_data holds 2 values", "need 4");
        assertFails(MalformedModelException.class, () -> read(typed(DataType.INT64, 1).addFloatData(1)),
                "int64_data holds 0 values", "need 1");
        assertFails(MalformedModelException.class, () -> read(typed(DataType.UINT32, 1).addInt32Data(1)),
                "uint64_data holds 0 values");
        assertFails(MalformedModelException.class, () -> read(typed(DataType.FLOAT16, 1).addInt32Data(1).addInt32Data(2).addInt32Data(3)), "int32_data holds 3 values", "need 1");
        assertFails(MalformedModelException.class, () -> read(typed(DataType.STRING, 1).setRawData(ByteString.copyFromUtf8("x"))),
                "string tensors cannot use raw_data");
    }

    // ---- sparse tensors, made dense at load ----

    @Test
    void sparseTensorsDensifyWithFlatOrCoordinateIndices() {
        float[] dense = {0, 10, 0, 0, 0, 20};
        SparseTensorProto flat = sparse(new long[] {2, 3}, floats(10, 20), longs(new long[] {2}, 1, 5));
        assertArrayEquals(dense, densify(flat, Long.MAX_VALUE).floats());
        SparseTensorProto coords = sparse(new long[] {2, 3}, floats(10, 20), longs(new long[] {2, 2}, 0, 1, 1, 2));
        Tensor t = densify(coords, Long.MAX_VALUE);
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(dense, t.floats());

        ModelProto m = HostileModelTest.withInitializers();
        m = m.toBuilder().setGraph(m.getGraph().toBuilder().addSparseInitializer(flat)
                .addNode(dev.jinn.onnx.proto.Onnx.NodeProto.newBuilder().setOpType("Identity").addInput("s").addOutput("y"))
                .addOutput(dev.jinn.onnx.proto.Onnx.ValueInfoProto.newBuilder().setName("y"))).build();
        Model model = ModelLoader.load(m.toByteArray(), "sparse");
        assertArrayEquals(dense, model.graph().initializers().get("s").floats());
    }

    @Test
    void badSparseTensorsAreRefused() {
        assertFails(MalformedModelException.class, () -> densify(sparse(new long[] {2, 3}, floats(10, 20),
                longs(new long[] {2}, 1, 6)), Long.MAX_VALUE), "sparse tensor 's'", "index 6 out of range for 6 elements");
        assertFails(MalformedModelException.class, () -> densify(sparse(new long[] {2, 3}, floats(10, 20),
                longs(new long[] {2, 2}, 0, 1, 2, 0)), Long.MAX_VALUE), "sparse tensor 's'", "index 2 out of range for dim 0");
        assertFails(MalformedModelException.class, () -> densify(sparse(new long[] {2, 3}, floats(10, 20),
                longs(new long[] {3}, 0, 1, 2)), Long.MAX_VALUE), "indices shape [3] fits neither [2] nor [2,2]");
        assertFails(MalformedModelException.class, () -> densify(sparse(new long[] {1L << 61}, floats(10),
                longs(new long[] {1}, 0)), Long.MAX_VALUE), "sparse tensor 's'", "overflow");
        assertFails(MalformedModelException.class, () -> densify(sparse(new long[] {-2, 3}, floats(10),
                longs(new long[] {1}, 0)), Long.MAX_VALUE), "sparse tensor 's'", "negative");
        TensorProto stringIndices = typed(DataType.STRING, 1).addStringData(ByteString.copyFromUtf8("0")).build();
        assertFails(MalformedModelException.class, () -> densify(sparse(new long[] {4}, floats(10), stringIndices.toBuilder()),
                Long.MAX_VALUE), "indices are string, expected int64");
        // A sparse tensor may rightly claim a large dense shape; the budget still applies.
        assertFails(ResourceLimitException.class, () -> densify(sparse(new long[] {1024, 1024}, floats(10),
                longs(new long[] {1}, 0)), 1 << 20), "tensor 's'", "needs 4194304 bytes");
    }

    private static SparseTensorProto sparse(long[] dims, TensorProto.Builder values, TensorProto.Builder indices) {
        SparseTensorProto.Builder b = SparseTensorProto.newBuilder().setValues(values.setName("s")).setIndices(indices);
        for (long d : dims) b.addDims(d);
        return b.build();
    }

    private static TensorProto.Builder floats(float... v) {
        TensorProto.Builder b = typed(DataType.FLOAT, v.length);
        for (float f : v) b.addFloatData(f);
        return b;
    }

    private static TensorProto.Builder longs(long[] dims, long... v) {
        TensorProto.Builder b = typed(DataType.INT64, dims);
        for (long l : v) b.addInt64Data(l);
        return b;
    }

    private static Tensor densify(SparseTensorProto sp, long budget) {
        return TensorProtos.densify(sp, new TensorProtos.Context("m", null, budget));
    }

    // ---- helpers ----

    private static TensorProto.Builder typed(DataType t, long... dims) {
        TensorProto.Builder b = TensorProto.newBuilder().setName("t").setDataType(t.code());
        for (long d : dims) b.addDims(d);
        return b;
    }

    /** A one-dimensional tensor of {@code values.length} elements, stored in int32_data. */
    private static TensorProto.Builder int32(DataType t, int... values) {
        TensorProto.Builder b = typed(t, values.length);
        for (int v : values) b.addInt32Data(v);
        return b;
    }

    /** {@code count} elements of a sub-byte type whose int32_data holds {@code values}. */
    private static TensorProto.Builder packed(DataType t, int count, int... values) {
        TensorProto.Builder b = typed(t, count);
        for (int v : values) b.addInt32Data(v);
        return b;
    }

    private static TensorProto.Builder rawOf(DataType t, byte[] raw, long... dims) {
        return typed(t, dims).setRawData(ByteString.copyFrom(raw));
    }

    private static Tensor read(TensorProto.Builder b) {
        return TensorProtos.read(b.build(), "t", Long.MAX_VALUE);
    }

    private static Object randomArray(DataType t, int n, Random rnd) {
        int slots = t.isComplex() ? 2 * n : t.isSubByte() ? (n * t.bits() + 7) / 8 : n;
        return switch (t.storage()) {
            case FLOAT -> {
                float[] a = new float[slots];
                for (int i = 0; i < slots; i++) a[i] = (float) rnd.nextGaussian();
                yield a;
            }
            case DOUBLE -> {
                double[] a = new double[slots];
                for (int i = 0; i < slots; i++) a[i] = rnd.nextGaussian();
                yield a;
            }
            case BYTE -> {
                byte[] a = new byte[slots];
                rnd.nextBytes(a);
                if (t == DataType.BOOL) for (int i = 0; i < slots; i++) a[i] &= 1;
                yield a;
            }
            case SHORT -> {
                short[] a = new short[slots];
                for (int i = 0; i < slots; i++) a[i] = (short) rnd.nextInt();
                yield a;
            }
            case INT -> rnd.ints(slots).toArray();
            case LONG -> rnd.longs(slots).toArray();
            case STRING -> throw new IllegalArgumentException();
        };
    }

    private static void assertSame(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + " dtype");
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        assertTrue(Objects.deepEquals(expected.array(), actual.array()),
                () -> what + " data: " + arrayString(expected.array()) + " vs " + arrayString(actual.array()));
    }

    private static String arrayString(Object a) {
        return Arrays.deepToString(new Object[] {a});
    }
}
