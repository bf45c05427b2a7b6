package dev.jinn.tensor;

/**
 * Decoding of the 8- and 4-bit float formats (ONNX docs/Float8.md, float4e2m1) to float32, and
 * encoding back with round-to-nearest-even, as ml_dtypes (ONNX's reference) does.
 */
final class MiniFloats {
    private MiniFloats() {}

    static float toFloat(DataType t, int bits) {
        return switch (t) {
            case FLOAT8E4M3FN -> (bits & 0x7F) == 0x7F ? Float.NaN : decode(bits, 8, 4, 3, 7);
            case FLOAT8E4M3FNUZ -> bits == 0x80 ? Float.NaN : decode(bits, 8, 4, 3, 8);
            case FLOAT8E5M2 -> {
                int e = (bits >> 2) & 0x1F;
                if (e == 0x1F) {
                    yield (bits & 3) != 0 ? Float.NaN : (bits & 0x80) != 0 ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
                }
                yield decode(bits, 8, 5, 2, 15);
            }
            case FLOAT8E5M2FNUZ -> bits == 0x80 ? Float.NaN : decode(bits, 8, 5, 2, 16);
            case FLOAT8E8M0 -> bits == 0xFF ? Float.NaN : (float) Math.scalb(1.0, bits - 127);
            case FLOAT4E2M1 -> decode(bits, 4, 2, 1, 1);
            default -> throw new IllegalArgumentException(t + " is not a mini float");
        };
    }

    private static float decode(int bits, int width, int ebits, int mbits, int bias) {
        boolean negative = ((bits >> (width - 1)) & 1) != 0;
        int e = (bits >> mbits) & ((1 << ebits) - 1);
        int m = bits & ((1 << mbits) - 1);
        double v = e == 0 ? Math.scalb((double) m, 1 - bias - mbits)
                : Math.scalb((double) ((1 << mbits) + m), e - bias - mbits);
        return (float) (negative ? -v : v);
    }

    /** Per type, the finite values of the nonnegative codes 0, 1, 2, ..., which increase with the code. */
    private static final java.util.Map<DataType, float[]> POSITIVE = new java.util.concurrent.ConcurrentHashMap<>();

    private static float[] positive(DataType t) {
        return POSITIVE.computeIfAbsent(t, k -> {
            int half = 1 << (k.bits() - 1);
            float[] v = new float[half];
            int n = 0;
            for (int c = 0; c < half; c++) {
                float f = toFloat(k, c);
                if (Float.isNaN(f) || Float.isInfinite(f)) break;
                v[n++] = f;
            }
            return java.util.Arrays.copyOf(v, n);
        });
    }

    /**
     * The code of {@code v} in float8 or float4e2m1 {@code t}. Beyond the largest finite value it
     * clamps when {@code saturate} (and always for float4e2m1, which has no inf or NaN), else gives
     * inf (E5M2) or NaN.
     */
    static int encode(DataType t, float v, boolean saturate) {
        boolean fnuz = t == DataType.FLOAT8E4M3FNUZ || t == DataType.FLOAT8E5M2FNUZ;
        int signBit = 1 << (t.bits() - 1);
        // float4e2m1 has no NaN: ml_dtypes, the reference, writes it as -0.
        int nan = t == DataType.FLOAT4E2M1 ? 0x8 : fnuz ? 0x80 : 0x7F;
        if (Float.isNaN(v)) return nan;
        float[] table = positive(t);
        int max = table.length - 1;
        int sign = Float.floatToRawIntBits(v) < 0 ? signBit : 0;
        float a = Math.abs(v);
        int code;
        if (a >= table[max]) {
            float mid = table[max] + (table[max] - table[max - 1]) / 2;
            boolean toMax = a < mid || (a == mid && (max & 1) == 0);
            if (toMax || saturate || t == DataType.FLOAT4E2M1) {
                code = max;
            } else {
                return t == DataType.FLOAT8E5M2 ? sign | 0x7C : nan;
            }
        } else {
            int lo = java.util.Arrays.binarySearch(table, a);
            if (lo >= 0) {
                code = lo;
            } else {
                int hi = -lo - 1;
                lo = hi - 1;
                float dl = a - table[lo];
                float dh = table[hi] - a;
                code = dl < dh ? lo : dh < dl ? hi : (lo & 1) == 0 ? lo : hi;
            }
        }
        return code == 0 && fnuz ? 0 : sign | code;
    }

    /** Rounding of float8e8m0, a bare power of two: Cast-24's {@code round_mode}. */
    enum E8M0Rounding { UP, DOWN, NEAREST }

    /**
     * The float8e8m0 code (2^(code - 127), 0xFF = NaN) of |v|: powers of two exactly, others rounded
     * to the next power up, down, or the nearer one (ties up); beyond 2^127, 2^127 when
     * {@code saturate}, else NaN.
     */
    static int encodeE8M0(float v, E8M0Rounding mode, boolean saturate) {
        if (Float.isNaN(v)) return 0xFF;
        float a = Math.abs(v);
        if (Float.isInfinite(a)) return saturate ? 0xFE : 0xFF;
        if (a == 0) return 0;
        int e = Math.getExponent(a);
        if (e < Float.MIN_EXPONENT) e = Math.getExponent(a * 0x1p64f) - 64;
        boolean exact = a == Math.scalb(1f, e);
        int code = e + 127;
        if (!exact) {
            if (mode == E8M0Rounding.UP || (mode == E8M0Rounding.NEAREST && a >= 1.5 * Math.scalb(1.0, e))) code++;
        }
        if (code > 254) return saturate ? 0xFE : 0xFF;
        return Math.max(0, code);
    }
}
