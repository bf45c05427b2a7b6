package dev.jinn.onnx;

import com.google.protobuf.ByteString;
import dev.jinn.MalformedModelException;
import dev.jinn.ResourceLimitException;
import dev.jinn.onnx.proto.Onnx.SparseTensorProto;
import dev.jinn.onnx.proto.Onnx.StringStringEntryProto;
import dev.jinn.onnx.proto.Onnx.TensorProto;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Converts between TensorProto and {@link Tensor}. Every size is checked against the dims before
 * anything is allocated, and allocations are charged to a byte budget.
 */
public final class TensorProtos {
    /** Sparse indices: ONNX says int64; ONNX Runtime also reads the narrower signed integers. */
    private static final java.util.Set<DataType> INDEX_TYPES = java.util.EnumSet.of(DataType.INT64, DataType.INT32,
            DataType.INT16, DataType.INT8);

    /** Where a tensor comes from (for messages and external data) and the bytes still allowed. */
    public static final class Context {
        final String model;
        final Path modelDir;
        private long budget;
        private final long limit;

        public Context(String model, Path modelDir, long budget) {
            this.model = model;
            this.modelDir = modelDir;
            this.budget = budget;
            this.limit = budget;
        }

        synchronized void charge(String tensor, long bytes) {
            if (bytes > budget) {
                throw new ResourceLimitException("model '" + model + "', tensor '" + tensor + "': needs " + bytes
                        + " bytes, over the load budget of " + limit + " bytes (" + (limit - budget) + " already used)");
            }
            budget -= bytes;
        }
    }

    private TensorProtos() {}

    /** Reads a TensorProto with no model around it, such as a test's input_0.pb. */
    public static Tensor read(TensorProto p, String label, long budget) {
        return toTensor(p, label, new Context(label, null, budget));
    }

    public static Tensor toTensor(TensorProto p, String fallbackName, Context ctx) {
        String name = p.getName().isEmpty() ? fallbackName : p.getName();
        String where = "model '" + ctx.model + "', tensor '" + name + "'";
        DataType dtype = DataType.fromCode(p.getDataType());
        if (dtype == null) {
            throw new MalformedModelException(where + ": unknown data_type " + p.getDataType());
        }
        long[] dims = new long[p.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = p.getDims(i);
            if (dims[i] < 0) {
                throw new MalformedModelException(where + ": dim " + i + " is negative (" + dims[i] + ") in " + Arrays.toString(p.getDimsList().toArray()));
            }
        }
        long count;
        long bytes;
        try {
            count = dev.jinn.tensor.Shapes.sizeExact(dims);
            bytes = dtype == DataType.STRING ? 0 : dtype.byteSize(count);
        } catch (ArithmeticException e) {
            throw new MalformedModelException(where + ": dims " + p.getDimsList() + " overflow a 64-bit element count");
        }
        if (p.hasSegment()) {
            throw new MalformedModelException(where + ": segmented tensors are not supported");
        }
        // Jinn's shapes are int[]; a larger dim cannot be indexed even when another dim is 0.
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE - 8) {
                throw new ResourceLimitException(where + ": dim " + i + " is " + dims[i] + ", over a Java array's length");
            }
        }
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) shape[i] = (int) dims[i];

        // The data present is checked against the dims before the budget and before any
        // allocation, so dims that claim terabytes with little or no data are malformed, not OOM.
        if (p.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            if (dtype == DataType.STRING) throw new MalformedModelException(where + ": string tensors cannot be external");
            String location = null;
            long offset = 0;
            long length = -1;
            for (StringStringEntryProto e : p.getExternalDataList()) {
                try {
                    switch (e.getKey()) {
                        case "location" -> location = e.getValue();
                        case "offset" -> offset = Long.parseLong(e.getValue());
                        case "length" -> length = Long.parseLong(e.getValue());
                        default -> { }
                    }
                } catch (NumberFormatException ex) {
                    throw new MalformedModelException(where + ": external_data '" + e.getKey() + "' is not a number: " + e.getValue());
                }
            }
            byte[] raw = ExternalData.read(ctx, name, location, offset, length, bytes);
            return Tensor.wrap(dtype, shape, decodeRaw(dtype, ByteBuffer.wrap(raw), slots(dtype, count, where)));
        }
        if (p.hasRawData()) {
            ByteString raw = p.getRawData();
            if (dtype == DataType.STRING) throw new MalformedModelException(where + ": string tensors cannot use raw_data");
            if (raw.size() != bytes) {
                throw new MalformedModelException(where + ": raw_data holds " + raw.size() + " bytes, dims "
                        + p.getDimsList() + " of " + dtype + " need " + bytes);
            }
            ctx.charge(name, bytes);
            return Tensor.wrap(dtype, shape, decodeRaw(dtype, raw.asReadOnlyByteBuffer(), slots(dtype, count, where)));
        }
        String field = typedField(dtype);
        int have = typedCount(p, dtype);
        long want = dtype.isComplex() ? 2 * count : dtype.isSubByte() ? bytes : count;
        // Sub-byte types hold one packed byte per int32 as the spec says; one element per int32 is
        // also accepted, as older writers did.
        if (have != want && !(dtype.isSubByte() && have == count)) {
            throw new MalformedModelException(where + ": " + field + " holds " + have + " values, dims "
                    + p.getDimsList() + " of " + dtype + " need " + want);
        }
        if (dtype == DataType.STRING) {
            for (ByteString s : p.getStringDataList()) bytes += s.size();
        }
        ctx.charge(name, bytes);
        return Tensor.wrap(dtype, shape, decodeTyped(p, dtype, (int) count, slots(dtype, count, where)));
    }

    private static int slots(DataType dtype, long count, String where) {
        try {
            if (count > Integer.MAX_VALUE - 8) throw new ArithmeticException();
            return dtype.slots(count);
        } catch (ArithmeticException e) {
            throw new ResourceLimitException(where + ": " + count + " elements exceed a Java array");
        }
    }

    /** The TensorProto field that holds {@code dtype} values when raw_data is not used. */
    private static String typedField(DataType dtype) {
        return switch (dtype) {
            case FLOAT, COMPLEX64 -> "float_data";
            case DOUBLE, COMPLEX128 -> "double_data";
            case INT64 -> "int64_data";
            case UINT64, UINT32 -> "uint64_data";
            case STRING -> "string_data";
            default -> "int32_data";
        };
    }

    private static int typedCount(TensorProto p, DataType dtype) {
        return switch (dtype) {
            case FLOAT, COMPLEX64 -> p.getFloatDataCount();
            case DOUBLE, COMPLEX128 -> p.getDoubleDataCount();
            case INT64 -> p.getInt64DataCount();
            case UINT64, UINT32 -> p.getUint64DataCount();
            case STRING -> p.getStringDataCount();
            default -> p.getInt32DataCount();
        };
    }

    private static Object decodeRaw(DataType dtype, ByteBuffer src, int slots) {
        ByteBuffer b = src.order(ByteOrder.LITTLE_ENDIAN);
        Object out = Tensor.allocate(dtype, slots);
        switch (out) {
            case float[] a -> b.asFloatBuffer().get(a);
            case double[] a -> b.asDoubleBuffer().get(a);
            case byte[] a -> b.get(a);
            case short[] a -> b.asShortBuffer().get(a);
            case int[] a -> b.asIntBuffer().get(a);
            case long[] a -> b.asLongBuffer().get(a);
            default -> throw new IllegalStateException();
        }
        return out;
    }

    private static Object decodeTyped(TensorProto p, DataType dtype, int n, int slots) {
        Object out = Tensor.allocate(dtype, slots);
        switch (dtype) {
            case FLOAT, COMPLEX64 -> {
                float[] a = (float[]) out;
                for (int i = 0; i < slots; i++) a[i] = p.getFloatData(i);
            }
            case DOUBLE, COMPLEX128 -> {
                double[] a = (double[]) out;
                for (int i = 0; i < slots; i++) a[i] = p.getDoubleData(i);
            }
            case INT64 -> {
                long[] a = (long[]) out;
                for (int i = 0; i < slots; i++) a[i] = p.getInt64Data(i);
            }
            case UINT64 -> {
                long[] a = (long[]) out;
                for (int i = 0; i < slots; i++) a[i] = p.getUint64Data(i);
            }
            case UINT32 -> {
                int[] a = (int[]) out;
                for (int i = 0; i < slots; i++) a[i] = (int) p.getUint64Data(i);
            }
            case INT32 -> {
                int[] a = (int[]) out;
                for (int i = 0; i < slots; i++) a[i] = p.getInt32Data(i);
            }
            case STRING -> {
                String[] a = (String[]) out;
                for (int i = 0; i < slots; i++) a[i] = p.getStringData(i).toString(StandardCharsets.UTF_8);
            }
            default -> {
                // 8/16-bit and sub-byte types travel in int32_data: one element each, or (for the
                // packed types) one packed byte each, as onnx.helper writes them.
                int have = p.getInt32DataCount();
                if (dtype.storage() == DataType.Storage.SHORT) {
                    short[] a = (short[]) out;
                    for (int i = 0; i < slots; i++) a[i] = (short) p.getInt32Data(i);
                } else if (dtype.isSubByte() && have == n && n != slots) {
                    byte[] a = (byte[]) out;
                    int bits = dtype.bits();
                    int mask = (1 << bits) - 1;
                    for (int i = 0; i < n; i++) {
                        int perByte = 8 / bits;
                        a[i / perByte] |= (byte) ((p.getInt32Data(i) & mask) << ((i % perByte) * bits));
                    }
                } else {
                    byte[] a = (byte[]) out;
                    for (int i = 0; i < slots; i++) a[i] = (byte) p.getInt32Data(i);
                }
            }
        }
        return out;
    }

    /** Writes {@code t} as a TensorProto with raw_data (string_data for strings). */
    public static TensorProto toProto(Tensor t, String name) {
        TensorProto.Builder b = TensorProto.newBuilder().setDataType(t.dtype().code());
        if (name != null) b.setName(name);
        for (int d : t.shape()) b.addDims(d);
        if (t.dtype() == DataType.STRING) {
            for (String s : t.strings()) b.addStringData(ByteString.copyFromUtf8(s));
            return b.build();
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(t.dtype().byteSize(t.size()))).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.array()) {
            case float[] a -> buf.asFloatBuffer().put(a);
            case double[] a -> buf.asDoubleBuffer().put(a);
            case byte[] a -> buf.put(a);
            case short[] a -> buf.asShortBuffer().put(a);
            case int[] a -> buf.asIntBuffer().put(a);
            case long[] a -> buf.asLongBuffer().put(a);
            default -> throw new IllegalStateException();
        }
        return b.setRawData(ByteString.copyFrom(buf.array())).build();
    }

    /** Makes a sparse initializer dense, checking every index against the dims. */
    public static Tensor densify(SparseTensorProto sp, Context ctx) {
        String name = sp.getValues().getName();
        String where = "model '" + ctx.model + "', sparse tensor '" + name + "'";
        Tensor values = toTensor(sp.getValues(), name, ctx);
        Tensor indices = toTensor(sp.getIndices(), name + ".indices", ctx);
        long[] dims = sp.getDimsList().stream().mapToLong(Long::longValue).toArray();
        DataType dtype = values.dtype();
        long total;
        long bytes;
        try {
            total = dev.jinn.tensor.Shapes.sizeExact(dims);
            bytes = dtype == DataType.STRING ? Math.multiplyExact(total, 8) : dtype.byteSize(total);
        } catch (ArithmeticException e) {
            throw new MalformedModelException(where + ": dims " + Arrays.toString(dims) + " are negative or overflow");
        }
        if (!INDEX_TYPES.contains(indices.dtype())) {
            throw new MalformedModelException(where + ": indices are " + indices.dtype() + ", expected int64");
        }
        ctx.charge(name, bytes);
        for (long d : dims) {
            if (d > Integer.MAX_VALUE - 8) throw new ResourceLimitException(where + ": dim " + d + " is over a Java array's length");
        }
        if (total > Integer.MAX_VALUE - 8) throw new ResourceLimitException(where + ": " + total + " elements exceed a Java array");
        if (dtype.isSubByte() || dtype.isComplex()) throw new MalformedModelException(where + ": sparse " + dtype + " is not supported");
        int nnz = values.size();
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) shape[i] = (int) dims[i];
        int[] strides = dev.jinn.tensor.Shapes.strides(shape);
        boolean coords = indices.rank() == 2;
        if (!(indices.rank() == 1 && indices.dim(0) == nnz) && !(coords && indices.dim(0) == nnz && indices.dim(1) == dims.length)) {
            throw new MalformedModelException(where + ": indices shape " + Arrays.toString(indices.shape())
                    + " fits neither [" + nnz + "] nor [" + nnz + "," + dims.length + "]");
        }
        Object dense = Tensor.allocate(dtype, (int) total);
        Object src = values.array();
        for (int k = 0; k < nnz; k++) {
            long flat = 0;
            if (coords) {
                for (int d = 0; d < dims.length; d++) {
                    long c = indices.getLong(k * dims.length + d);
                    if (c < 0 || c >= dims[d]) throw new MalformedModelException(where + ": index " + c + " out of range for dim " + d);
                    flat += c * strides[d];
                }
            } else {
                flat = indices.getLong(k);
                if (flat < 0 || flat >= total) throw new MalformedModelException(where + ": index " + flat + " out of range for " + total + " elements");
            }
            System.arraycopy(src, k, dense, (int) flat, 1);
        }
        return Tensor.wrap(dtype, shape, dense);
    }
}
