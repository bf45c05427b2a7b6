package dev.jinn.tensor;

import java.util.Arrays;

/** Conversions that ops share: widening floats for kernels, narrowing results, broadcasting. */
public final class Tensors {
    private Tensors() {}

    /** The elements as float32: the backing array for float tensors (shared, read only), else a widened copy. */
    public static float[] floats(Tensor t) {
        if (t.dtype() == DataType.FLOAT) return t.floats();
        float[] out = new float[t.size()];
        switch (t.dtype()) {
            case FLOAT16 -> {
                short[] s = t.shorts();
                for (int i = 0; i < out.length; i++) out[i] = Float.float16ToFloat(s[i]);
            }
            case BFLOAT16 -> {
                short[] s = t.shorts();
                for (int i = 0; i < out.length; i++) out[i] = Float.intBitsToFloat(s[i] << 16);
            }
            default -> {
                for (int i = 0; i < out.length; i++) out[i] = (float) t.getDouble(i);
            }
        }
        return out;
    }

    /** The elements as float64: the backing array for double tensors (shared, read only), else widened. */
    public static double[] doubles(Tensor t) {
        if (t.dtype() == DataType.DOUBLE) return t.doubles();
        double[] out = new double[t.size()];
        for (int i = 0; i < out.length; i++) out[i] = t.getDouble(i);
        return out;
    }

    /** The elements as int64: the backing array for int64/uint64 (shared, read only), else widened (unsigned zero-extended). */
    public static long[] longs(Tensor t) {
        if (t.dtype().storage() == DataType.Storage.LONG) return t.longs();
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) out[i] = t.getLong(i);
        return out;
    }

    /**
     * Narrows int64 values to {@code dtype}, wrapping like a C cast (bool: nonzero is true; 4- and 2-bit
     * types keep the low bits, packed), taking
     * ownership of {@code v} for int64/uint64. Float targets get the nearest value.
     */
    public static Tensor fromLongs(long[] v, DataType dtype, int[] shape) {
        switch (dtype) {
            case INT64, UINT64 -> {
                return Tensor.wrap(dtype, shape, v);
            }
            case INT32, UINT32 -> {
                int[] o = new int[v.length];
                for (int i = 0; i < v.length; i++) o[i] = (int) v[i];
                return Tensor.wrap(dtype, shape, o);
            }
            case INT16, UINT16 -> {
                short[] o = new short[v.length];
                for (int i = 0; i < v.length; i++) o[i] = (short) v[i];
                return Tensor.wrap(dtype, shape, o);
            }
            case INT8, UINT8 -> {
                byte[] o = new byte[v.length];
                for (int i = 0; i < v.length; i++) o[i] = (byte) v[i];
                return Tensor.wrap(dtype, shape, o);
            }
            case BOOL -> {
                byte[] o = new byte[v.length];
                for (int i = 0; i < v.length; i++) o[i] = (byte) (v[i] != 0 ? 1 : 0);
                return Tensor.wrap(dtype, shape, o);
            }
            case INT4, UINT4, INT2, UINT2 -> {
                int[] codes = new int[v.length];
                for (int i = 0; i < v.length; i++) codes[i] = (int) v[i];
                return Tensor.wrap(dtype, shape, pack(codes, dtype));
            }
            default -> {
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) d[i] = v[i];
                return fromDoubles(d, dtype, shape);
            }
        }
    }

    /** Narrows float32 values to {@code dtype} (round to nearest even), taking ownership of {@code v} for FLOAT. */
    public static Tensor fromFloats(float[] v, DataType dtype, int[] shape) {
        return switch (dtype) {
            case FLOAT -> Tensor.wrap(DataType.FLOAT, shape, v);
            case DOUBLE -> {
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) d[i] = v[i];
                yield Tensor.wrap(DataType.DOUBLE, shape, d);
            }
            case FLOAT16 -> {
                short[] s = new short[v.length];
                for (int i = 0; i < v.length; i++) s[i] = Float.floatToFloat16(v[i]);
                yield Tensor.wrap(DataType.FLOAT16, shape, s);
            }
            case BFLOAT16 -> {
                short[] s = new short[v.length];
                for (int i = 0; i < v.length; i++) s[i] = toBfloat16(v[i]);
                yield Tensor.wrap(DataType.BFLOAT16, shape, s);
            }
            default -> throw new IllegalArgumentException("cannot narrow float32 to " + dtype);
        };
    }

    /** Narrows float64 values to {@code dtype}, taking ownership of {@code v} for DOUBLE. */
    public static Tensor fromDoubles(double[] v, DataType dtype, int[] shape) {
        if (dtype == DataType.DOUBLE) return Tensor.wrap(DataType.DOUBLE, shape, v);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return fromFloats(f, dtype, shape);
    }

    /**
     * Encodes float32 values as float8 or float4e2m1, rounding to nearest even; out-of-range values
     * clamp to the largest finite value when {@code saturate}, else become inf or NaN where the type
     * has them. float4e2m1 comes packed two to a byte, low nibble first.
     */
    public static Tensor toMiniFloats(float[] v, DataType dtype, int[] shape, boolean saturate) {
        int[] codes = new int[v.length];
        for (int i = 0; i < v.length; i++) codes[i] = MiniFloats.encode(dtype, v[i], saturate);
        return Tensor.wrap(dtype, shape, pack(codes, dtype));
    }

    /** Encodes float32 values as float8e8m0 with Cast's {@code round_mode} ("up", "down" or "nearest"). */
    public static Tensor toE8M0(float[] v, int[] shape, String roundMode, boolean saturate) {
        MiniFloats.E8M0Rounding mode = MiniFloats.E8M0Rounding.valueOf(roundMode.toUpperCase(java.util.Locale.ROOT));
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (byte) MiniFloats.encodeE8M0(v[i], mode, saturate);
        return Tensor.wrap(DataType.FLOAT8E8M0, shape, out);
    }

    /** Codes (one per element) as the bytes of {@code dtype}: as is for 8-bit types, packed low bits first below. */
    private static byte[] pack(int[] codes, DataType dtype) {
        int bits = dtype.bits();
        byte[] out = new byte[dtype.slots(codes.length)];
        if (bits == 8) {
            for (int i = 0; i < codes.length; i++) out[i] = (byte) codes[i];
            return out;
        }
        int perByte = 8 / bits;
        int mask = (1 << bits) - 1;
        for (int i = 0; i < codes.length; i++) out[i / perByte] |= (byte) ((codes[i] & mask) << ((i % perByte) * bits));
        return out;
    }

    /** float32 to bfloat16 bits, rounding to nearest even, keeping NaN a NaN. */
    public static short toBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x40);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /**
     * Broadcasts {@code t} (numpy rules, unidirectionally) to {@code target} and returns the values as
     * float32 in row-major order of {@code target}.
     */
    public static float[] expandFloats(Tensor t, int[] target) {
        float[] src = floats(t);
        if (Arrays.equals(t.shape(), target)) return src;
        int[] from = broadcastOffsets(t.shape(), target);
        float[] out = new float[from.length];
        for (int i = 0; i < out.length; i++) out[i] = src[from[i]];
        return out;
    }

    /** As {@link #expandFloats}, in float64. */
    public static double[] expandDoubles(Tensor t, int[] target) {
        double[] src = doubles(t);
        if (Arrays.equals(t.shape(), target)) return src;
        int[] from = broadcastOffsets(t.shape(), target);
        double[] out = new double[from.length];
        for (int i = 0; i < out.length; i++) out[i] = src[from[i]];
        return out;
    }

    /** For each element of {@code target} (row-major), the offset of its source in a tensor of {@code shape}. */
    private static int[] broadcastOffsets(int[] shape, int[] target) {
        int rank = target.length;
        if (shape.length > rank) throw new IllegalArgumentException(Arrays.toString(shape) + " does not broadcast to " + Arrays.toString(target));
        int[] srcStrides = new int[rank];
        int[] full = Shapes.strides(shape);
        for (int d = 0; d < rank; d++) {
            int sd = d - (rank - shape.length);
            if (sd < 0) continue;
            if (shape[sd] != target[d] && shape[sd] != 1) {
                throw new IllegalArgumentException(Arrays.toString(shape) + " does not broadcast to " + Arrays.toString(target));
            }
            srcStrides[d] = shape[sd] == 1 ? 0 : full[sd];
        }
        int[] out = new int[Shapes.size(target)];
        int[] idx = new int[rank];
        int off = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = off;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                off += srcStrides[d];
                if (idx[d] < target[d]) break;
                off -= srcStrides[d] * idx[d];
                idx[d] = 0;
            }
        }
        return out;
    }
}
