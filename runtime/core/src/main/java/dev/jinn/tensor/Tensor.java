package dev.jinn.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense tensor: element type, shape and a Java array in row-major order.
 *
 * <p>Immutable by contract. Factories such as {@link #of(float[], int...)} copy what they are given;
 * the {@code floats()}-style accessors hand out the backing array without a copy, because kernels
 * read it in their hot loops, and must not be written through. {@link #wrap} takes ownership of an
 * array that nobody else holds; ops use it for the outputs they have just filled.
 */
public final class Tensor {
    private final DataType dtype;
    private final int[] shape;
    private final int size;
    private final Object data;

    private Tensor(DataType dtype, int[] shape, Object data) {
        this.dtype = Objects.requireNonNull(dtype);
        this.shape = shape;
        this.size = Shapes.size(shape);
        this.data = data;
        int expected = dtype.slots(size);
        if (length(data) != expected) {
            throw new IllegalArgumentException(dtype + Arrays.toString(shape) + " needs " + expected
                    + " array slots, got " + length(data));
        }
    }

    /** Takes ownership of {@code data} (no copy); it must match {@code dtype.storage()}. */
    public static Tensor wrap(DataType dtype, int[] shape, Object data) {
        checkStorage(dtype, data);
        return new Tensor(dtype, shape.clone(), data);
    }

    public static Tensor zeros(DataType dtype, int... shape) {
        return new Tensor(dtype, shape.clone(), allocate(dtype, dtype.slots(Shapes.size(shape))));
    }

    public static Tensor of(float[] data, int... shape) {
        return new Tensor(DataType.FLOAT, shape.clone(), data.clone());
    }

    public static Tensor of(double[] data, int... shape) {
        return new Tensor(DataType.DOUBLE, shape.clone(), data.clone());
    }

    public static Tensor of(long[] data, int... shape) {
        return new Tensor(DataType.INT64, shape.clone(), data.clone());
    }

    public static Tensor of(int[] data, int... shape) {
        return new Tensor(DataType.INT32, shape.clone(), data.clone());
    }

    public static Tensor of(boolean[] data, int... shape) {
        byte[] b = new byte[data.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (data[i] ? 1 : 0);
        return new Tensor(DataType.BOOL, shape.clone(), b);
    }

    public static Tensor of(String[] data, int... shape) {
        return new Tensor(DataType.STRING, shape.clone(), data.clone());
    }

    public static Tensor scalar(float v) {
        return new Tensor(DataType.FLOAT, new int[0], new float[] {v});
    }

    public static Tensor scalar(long v) {
        return new Tensor(DataType.INT64, new int[0], new long[] {v});
    }

    /** Copies an array of any storage kind; use for float16 bits, uint8 bytes and the like. */
    public static Tensor copyOf(DataType dtype, int[] shape, Object data) {
        checkStorage(dtype, data);
        return new Tensor(dtype, shape.clone(), copyArray(data));
    }

    public static Object allocate(DataType dtype, int slots) {
        return switch (dtype.storage()) {
            case FLOAT -> new float[slots];
            case DOUBLE -> new double[slots];
            case BYTE -> new byte[slots];
            case SHORT -> new short[slots];
            case INT -> new int[slots];
            case LONG -> new long[slots];
            case STRING -> {
                String[] s = new String[slots];
                Arrays.fill(s, "");
                yield s;
            }
        };
    }

    public DataType dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis < 0 ? axis + shape.length : axis];
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    public long byteSize() {
        return dtype == DataType.STRING ? Arrays.stream((String[]) data).mapToLong(String::length).sum()
                : dtype.byteSize(size);
    }

    /** Same data, another shape of equal size. */
    public Tensor reshape(int... newShape) {
        if (Shapes.size(newShape) != size) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return new Tensor(dtype, newShape.clone(), data);
    }

    // Backing arrays, shared: read only.
    public float[] floats() {
        return (float[]) data;
    }

    public double[] doubles() {
        return (double[]) data;
    }

    public byte[] bytes() {
        return (byte[]) data;
    }

    public short[] shorts() {
        return (short[]) data;
    }

    public int[] ints() {
        return (int[]) data;
    }

    public long[] longs() {
        return (long[]) data;
    }

    public String[] strings() {
        return (String[]) data;
    }

    /** The backing array, whatever its kind; shared, read only. */
    public Object array() {
        return data;
    }

    public float[] toFloatArray() {
        if (dtype == DataType.FLOAT) return floats().clone();
        float[] out = new float[size];
        for (int i = 0; i < size; i++) out[i] = (float) getDouble(i);
        return out;
    }

    public long[] toLongArray() {
        if (dtype == DataType.INT64) return longs().clone();
        long[] out = new long[size];
        for (int i = 0; i < size; i++) out[i] = getLong(i);
        return out;
    }

    /** Element {@code i} (flat, row-major) as a double; complex types give the real part. */
    public double getDouble(int i) {
        return switch (dtype) {
            case FLOAT -> floats()[i];
            case DOUBLE -> doubles()[i];
            case COMPLEX64 -> floats()[2 * i];
            case COMPLEX128 -> doubles()[2 * i];
            case FLOAT16 -> Float.float16ToFloat(shorts()[i]);
            case BFLOAT16 -> Float.intBitsToFloat(shorts()[i] << 16);
            case UINT64 -> {
                long v = longs()[i];
                yield v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
            }
            case STRING -> throw new UnsupportedOperationException("string tensor has no numeric value");
            case FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0, FLOAT4E2M1 ->
                    MiniFloats.toFloat(dtype, rawBits(i));
            default -> getLong(i);
        };
    }

    /** Element {@code i} as a long; unsigned types are zero-extended, floats truncated toward zero. */
    public long getLong(int i) {
        return switch (dtype) {
            case INT64, UINT64 -> longs()[i];
            case INT32 -> ints()[i];
            case UINT32 -> ints()[i] & 0xFFFFFFFFL;
            case INT16 -> shorts()[i];
            case UINT16 -> shorts()[i] & 0xFFFF;
            case INT8 -> bytes()[i];
            case UINT8, BOOL -> bytes()[i] & 0xFF;
            case UINT4, UINT2 -> rawBits(i);
            case INT4 -> (rawBits(i) << 28) >> 28;
            case INT2 -> (rawBits(i) << 30) >> 30;
            default -> (long) getDouble(i);
        };
    }

    /** The unsigned bit pattern of element {@code i} for 1-byte and sub-byte types. */
    public int rawBits(int i) {
        byte[] b = bytes();
        if (!dtype.isSubByte()) return b[i] & 0xFF;
        int perByte = 8 / dtype.bits();
        int shift = (i % perByte) * dtype.bits();
        return (b[i / perByte] >>> shift) & ((1 << dtype.bits()) - 1);
    }

    @Override
    public String toString() {
        return "Tensor(" + dtype + Arrays.toString(shape) + ")";
    }

    private static int length(Object array) {
        return switch (array) {
            case float[] a -> a.length;
            case double[] a -> a.length;
            case byte[] a -> a.length;
            case short[] a -> a.length;
            case int[] a -> a.length;
            case long[] a -> a.length;
            case String[] a -> a.length;
            default -> throw new IllegalArgumentException("not a tensor array: " + array.getClass());
        };
    }

    private static Object copyArray(Object array) {
        return switch (array) {
            case float[] a -> a.clone();
            case double[] a -> a.clone();
            case byte[] a -> a.clone();
            case short[] a -> a.clone();
            case int[] a -> a.clone();
            case long[] a -> a.clone();
            case String[] a -> a.clone();
            default -> throw new IllegalArgumentException("not a tensor array: " + array.getClass());
        };
    }

    private static void checkStorage(DataType dtype, Object data) {
        boolean ok = switch (dtype.storage()) {
            case FLOAT -> data instanceof float[];
            case DOUBLE -> data instanceof double[];
            case BYTE -> data instanceof byte[];
            case SHORT -> data instanceof short[];
            case INT -> data instanceof int[];
            case LONG -> data instanceof long[];
            case STRING -> data instanceof String[];
        };
        if (!ok) throw new IllegalArgumentException(dtype + " is not stored in " + data.getClass().getSimpleName());
    }
}
