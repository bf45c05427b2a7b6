package dev.jinn.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.List;

/**
 * The fuzzer's bytes as decisions. Numbers come mostly from lists of values that have broken
 * parsers and kernels before (zero, signs, powers of two around int and long limits, NaN and the
 * infinities), since a uniformly drawn long almost never hits an edge.
 */
final class Choices {
    private static final long[] LONGS = {0, 1, -1, 2, 3, 4, 7, 8, 16, 64, 255, 256, 1024, 65535, 65536, 1 << 24,
            Integer.MAX_VALUE - 8, Integer.MAX_VALUE, 1L << 31, Integer.MIN_VALUE, 1L << 32, 1L << 40, 1L << 53, 1L << 62,
            Long.MAX_VALUE, Long.MIN_VALUE, -2, -1000};
    private static final float[] FLOATS = {0, -0f, 1, -1, 0.5f, 2, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 1e-30f, 1e30f, 0x1p31f, 0x1p63f};

    private final FuzzedDataProvider data;

    Choices(FuzzedDataProvider data) {
        this.data = data;
    }

    /** Whether the input has bytes left; once it is spent every choice is the first one. */
    boolean more() {
        return data.remainingBytes() > 0;
    }

    int index(int size) {
        return data.consumeInt(0, size - 1);
    }

    int between(int min, int max) {
        return data.consumeInt(min, max);
    }

    boolean bool() {
        return data.consumeBoolean();
    }

    <T> T pick(List<T> list) {
        return list.get(index(list.size()));
    }

    <T> T pick(T[] array) {
        return array[index(array.length)];
    }

    long interestingLong() {
        int i = index(LONGS.length + 1);
        return i < LONGS.length ? LONGS[i] : data.consumeLong();
    }

    float interestingFloat() {
        int i = index(FLOATS.length + 1);
        return i < FLOATS.length ? FLOATS[i] : data.consumeFloat();
    }

    /** A TensorProto data_type: every defined code, UNDEFINED, the first undefined ones, or any int. */
    int dataTypeCode() {
        int c = between(-1, 28);
        return c >= 0 ? c : data.consumeInt();
    }

    /** One of {@code names}, or the empty name, one nothing defines, or arbitrary text. */
    String name(List<String> names) {
        int i = index(names.size() + 3);
        if (i < names.size()) return names.get(i);
        return switch (i - names.size()) {
            case 0 -> "";
            case 1 -> "ghost";
            default -> text(16);
        };
    }

    String text(int maxLength) {
        return data.consumeString(maxLength);
    }

    byte[] bytes(int maxLength) {
        return data.consumeBytes(maxLength);
    }
}
