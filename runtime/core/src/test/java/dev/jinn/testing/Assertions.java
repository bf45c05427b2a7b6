package dev.jinn.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jinn.tensor.Tensor;
import org.junit.jupiter.api.function.Executable;

/** Comparisons the way ONNX's backend runner does them: rtol 1e-3, atol 1e-7, NaN equal to NaN. */
public final class Assertions {
    private Assertions() {}

    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            if (e == a) continue;
            if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
                fail(what + ": element " + i + " expected " + e + ", got " + a);
            }
        }
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
