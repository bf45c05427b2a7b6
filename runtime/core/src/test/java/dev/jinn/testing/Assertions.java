package dev.jinn.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import org.junit.jupiter.api.function.Executable;

/**
 * Comparisons the way ONNX's backend runner does them: floats within {@code atol + rtol * |expected|},
 * NaN equal only to NaN, infinities only to themselves; integers, bools and strings exactly.
 */
public final class Assertions {
    private Assertions() {}

    /** {@code rtol} and {@code atol} apply to floating-point elements (complex ones part by part) only. */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        DataType t = expected.dtype();
        if (t == DataType.STRING) {
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.strings()[i].equals(actual.strings()[i])) {
                    fail(what + ": element " + i + " expected \"" + expected.strings()[i] + "\", got \"" + actual.strings()[i] + "\"");
                }
            }
        } else if (t.isComplex()) {
            for (int i = 0; i < 2 * expected.size(); i++) {
                double e = t == DataType.COMPLEX64 ? expected.floats()[i] : expected.doubles()[i];
                double a = t == DataType.COMPLEX64 ? actual.floats()[i] : actual.doubles()[i];
                if (!close(e, a, rtol, atol)) {
                    fail(what + ": element " + i / 2 + (i % 2 == 0 ? " (real)" : " (imaginary)") + " expected " + e + ", got " + a);
                }
            }
        } else if (isInteger(t)) {
            // Through a double, two longs past 2^53 can be equal, and rtol would forgive an off-by-one.
            for (int i = 0; i < expected.size(); i++) {
                if (expected.getLong(i) != actual.getLong(i)) {
                    fail(what + ": element " + i + " expected " + integer(expected, i) + ", got " + integer(actual, i));
                }
            }
        } else {
            for (int i = 0; i < expected.size(); i++) {
                double e = expected.getDouble(i);
                double a = actual.getDouble(i);
                if (!close(e, a, rtol, atol)) fail(what + ": element " + i + " expected " + e + ", got " + a);
            }
        }
    }

    // |a - e| <= atol + rtol * |e| holds for any a once e is infinite, so infinities are judged apart.
    private static boolean close(double e, double a, double rtol, double atol) {
        if (Double.isNaN(e) || Double.isNaN(a)) return Double.isNaN(e) && Double.isNaN(a);
        if (Double.isInfinite(e) || Double.isInfinite(a)) return e == a;
        return Math.abs(a - e) <= atol + rtol * Math.abs(e);
    }

    private static boolean isInteger(DataType t) {
        return switch (t) {
            case UINT8, INT8, UINT16, INT16, INT32, INT64, UINT32, UINT64, BOOL, UINT4, INT4, UINT2, INT2 -> true;
            default -> false;
        };
    }

    private static String integer(Tensor t, int i) {
        return t.dtype() == DataType.UINT64 ? Long.toUnsignedString(t.getLong(i)) : Long.toString(t.getLong(i));
    }

    /** Asserts that {@code body} throws exactly {@code type} and that its message contains every part. */
    public static <T extends Throwable> T assertFails(Class<T> type, Executable body, String... parts) {
        T e = assertThrows(type, body);
        assertEquals(type, e.getClass(), "exception type");
        for (String part : parts) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(part),
                    () -> "message lacks '" + part + "': " + e.getMessage());
        }
        return e;
    }
}
