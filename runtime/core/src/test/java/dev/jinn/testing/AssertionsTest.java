package dev.jinn.testing;

import static dev.jinn.testing.Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The comparison every backend-case test relies on must reject wrong values, not only accept right ones. */
class AssertionsTest {
    private static void rejects(Tensor expected, Tensor actual, String because) {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> assertClose(expected, actual, 1e-3, 1e-7, "t"), because);
        assertTrue(e.getMessage().startsWith("t: element "), e.getMessage());
    }

    private static void accepts(Tensor expected, Tensor actual) {
        assertDoesNotThrow(() -> assertClose(expected, actual, 1e-3, 1e-7, "t"));
    }

    @Test
    void infinitiesMatchOnlyThemselves() {
        float inf = Float.POSITIVE_INFINITY;
        // What test_reduce_max_empty_set expects; an op returning 0 there is wrong.
        rejects(Tensor.of(new float[] {-inf}, 1), Tensor.of(new float[] {0}, 1), "0 where -inf is expected");
        rejects(Tensor.of(new float[] {inf}, 1), Tensor.of(new float[] {Float.MAX_VALUE}, 1), "max float where +inf is expected");
        rejects(Tensor.of(new double[] {Double.NEGATIVE_INFINITY}, 1), Tensor.of(new double[] {-1e300}, 1), "finite double for -inf");
        rejects(Tensor.of(new float[] {inf}, 1), Tensor.of(new float[] {-inf}, 1), "the wrong sign");
        rejects(Tensor.of(new float[] {1}, 1), Tensor.of(new float[] {inf}, 1), "inf where 1 is expected");
        accepts(Tensor.of(new float[] {inf, -inf}, 2), Tensor.of(new float[] {inf, -inf}, 2));
    }

    @Test
    void nanMatchesOnlyNan() {
        rejects(Tensor.of(new float[] {Float.NaN}, 1), Tensor.of(new float[] {0}, 1), "0 where NaN is expected");
        rejects(Tensor.of(new float[] {0}, 1), Tensor.of(new float[] {Float.NaN}, 1), "NaN where 0 is expected");
        accepts(Tensor.of(new float[] {Float.NaN}, 1), Tensor.of(new float[] {Float.NaN}, 1));
    }

    @Test
    void finiteFloatsWithinTheToleranceMatch() {
        accepts(Tensor.of(new float[] {1000f, 0f}, 2), Tensor.of(new float[] {1000.9f, 5e-8f}, 2));
        rejects(Tensor.of(new float[] {1000f}, 1), Tensor.of(new float[] {1001.1f}, 1), "past rtol");
        Tensor half = Tensor.wrap(DataType.FLOAT16, new int[] {1}, new short[] {Float.floatToFloat16(Float.NEGATIVE_INFINITY)});
        Tensor zeroHalf = Tensor.wrap(DataType.FLOAT16, new int[] {1}, new short[] {0});
        rejects(half, zeroHalf, "float16 0 where -inf is expected");
    }

    @Test
    void integersCompareExactlyWhateverTheTolerance() {
        // Through doubles with rtol 1e-3, 1,000,001 passed for 1,000,000.
        rejects(Tensor.of(new long[] {1_000_000}, 1), Tensor.of(new long[] {1_000_001}, 1), "int64 off by one");
        rejects(Tensor.of(new int[] {-2_000_000_000}, 1), Tensor.of(new int[] {-1_999_999_999}, 1), "int32 off by one");
        // Past 2^53 two longs can share a double, so even rtol 0 did not tell them apart.
        long big = (1L << 53) + 1;
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> assertClose(Tensor.of(new long[] {big}, 1), Tensor.of(new long[] {big - 1}, 1), 0, 0, "t"));
        assertTrue(e.getMessage().contains("expected 9007199254740993, got 9007199254740992"), e.getMessage());
        Tensor u64 = Tensor.wrap(DataType.UINT64, new int[] {1}, new long[] {-1L});
        Tensor u64Less = Tensor.wrap(DataType.UINT64, new int[] {1}, new long[] {-2L});
        AssertionFailedError u = assertThrows(AssertionFailedError.class, () -> assertClose(u64, u64Less, 1e-3, 1e-7, "t"));
        assertTrue(u.getMessage().contains("expected 18446744073709551615, got 18446744073709551614"), u.getMessage());
        accepts(Tensor.of(new long[] {big, -3}, 2), Tensor.of(new long[] {big, -3}, 2));
    }

    @Test
    void boolsAndStringsCompareExactly() {
        rejects(Tensor.of(new boolean[] {true, false}, 2), Tensor.of(new boolean[] {true, true}, 2), "a flipped bool");
        rejects(Tensor.of(new String[] {"a", "b"}, 2), Tensor.of(new String[] {"a", "c"}, 2), "another string");
        accepts(Tensor.of(new String[] {"a", "b"}, 2), Tensor.of(new String[] {"a", "b"}, 2));
    }

    @Test
    void complexValuesCompareBothParts() {
        Tensor e = Tensor.wrap(DataType.COMPLEX64, new int[] {1}, new float[] {1, 2});
        rejects(e, Tensor.wrap(DataType.COMPLEX64, new int[] {1}, new float[] {1, 3}), "a wrong imaginary part");
        accepts(e, Tensor.wrap(DataType.COMPLEX64, new int[] {1}, new float[] {1, 2}));
    }
}
