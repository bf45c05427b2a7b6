package dev.jinn.tensor;

/**
 * ONNX element types, with their TensorProto code, their width in bits and the Java array that holds
 * them. Sub-byte types (4- and 2-bit) stay packed in a byte[] as the spec lays them out, low bits
 * first; 16-bit floats stay as their bits in a short[] and are widened only inside kernels.
 */
public enum DataType {
    FLOAT(1, 32, "float32", Storage.FLOAT),
    UINT8(2, 8, "uint8", Storage.BYTE),
    INT8(3, 8, "int8", Storage.BYTE),
    UINT16(4, 16, "uint16", Storage.SHORT),
    INT16(5, 16, "int16", Storage.SHORT),
    INT32(6, 32, "int32", Storage.INT),
    INT64(7, 64, "int64", Storage.LONG),
    STRING(8, 0, "string", Storage.STRING),
    BOOL(9, 8, "bool", Storage.BYTE),
    FLOAT16(10, 16, "float16", Storage.SHORT),
    DOUBLE(11, 64, "float64", Storage.DOUBLE),
    UINT32(12, 32, "uint32", Storage.INT),
    UINT64(13, 64, "uint64", Storage.LONG),
    COMPLEX64(14, 64, "complex64", Storage.FLOAT),
    COMPLEX128(15, 128, "complex128", Storage.DOUBLE),
    BFLOAT16(16, 16, "bfloat16", Storage.SHORT),
    FLOAT8E4M3FN(17, 8, "float8e4m3fn", Storage.BYTE),
    FLOAT8E4M3FNUZ(18, 8, "float8e4m3fnuz", Storage.BYTE),
    FLOAT8E5M2(19, 8, "float8e5m2", Storage.BYTE),
    FLOAT8E5M2FNUZ(20, 8, "float8e5m2fnuz", Storage.BYTE),
    UINT4(21, 4, "uint4", Storage.BYTE),
    INT4(22, 4, "int4", Storage.BYTE),
    FLOAT4E2M1(23, 4, "float4e2m1", Storage.BYTE),
    FLOAT8E8M0(24, 8, "float8e8m0", Storage.BYTE),
    UINT2(25, 2, "uint2", Storage.BYTE),
    INT2(26, 2, "int2", Storage.BYTE);

    /** The Java array kind behind a tensor of this type. */
    public enum Storage { FLOAT, DOUBLE, BYTE, SHORT, INT, LONG, STRING }

    private static final DataType[] BY_CODE = new DataType[27];

    static {
        for (DataType t : values()) BY_CODE[t.code] = t;
    }

    private final int code;
    private final int bits;
    private final String label;
    private final Storage storage;

    DataType(int code, int bits, String label, Storage storage) {
        this.code = code;
        this.bits = bits;
        this.label = label;
        this.storage = storage;
    }

    /** The TensorProto.DataType value. */
    public int code() {
        return code;
    }

    /** Bits per element; 0 for strings, whose size is not fixed. */
    public int bits() {
        return bits;
    }

    public Storage storage() {
        return storage;
    }

    public boolean isSubByte() {
        return bits > 0 && bits < 8;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE || this == FLOAT16 || this == BFLOAT16;
    }

    public boolean isComplex() {
        return this == COMPLEX64 || this == COMPLEX128;
    }

    /** Number of array slots that hold {@code count} elements (2 per complex element, packed for sub-byte types). */
    public int slots(long count) {
        long n = isComplex() ? Math.multiplyExact(count, 2) : isSubByte() ? (count * bits + 7) / 8 : count;
        if (n > Integer.MAX_VALUE - 8) {
            throw new ArithmeticException(count + " elements of " + label + " exceed a Java array");
        }
        return (int) n;
    }

    /** Exact byte size of {@code count} elements, as stored in TensorProto.raw_data. */
    public long byteSize(long count) {
        return isSubByte() ? (Math.multiplyExact(count, bits) + 7) / 8 : Math.multiplyExact(count, bits / 8);
    }

    /** Null when the code is unknown (including UNDEFINED = 0). */
    public static DataType fromCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Accepts the numpy-style names used in the CLI and in reports ("float32", "int64", ...). */
    public static DataType fromLabel(String label) {
        for (DataType t : values()) {
            if (t.label.equalsIgnoreCase(label) || t.name().equalsIgnoreCase(label)) return t;
        }
        if (label.equalsIgnoreCase("float")) return FLOAT;
        if (label.equalsIgnoreCase("double")) return DOUBLE;
        throw new IllegalArgumentException("unknown dtype '" + label + "'");
    }

    @Override
    public String toString() {
        return label;
    }
}
