package dev.jinn.tensor;

/** Decoding of the 8- and 4-bit float formats (ONNX docs/Float8.md, float4e2m1) to float32. */
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
}
