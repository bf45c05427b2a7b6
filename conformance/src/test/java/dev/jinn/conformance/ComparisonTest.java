package dev.jinn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The rules of numpy.testing.assert_allclose as ONNX's runner applies them, checked by hand-worked values. */
class ComparisonTest {
    private static final double RTOL = 1e-3;
    private static final double ATOL = 1e-7;

    private static Comparison.Mismatch cmp(float[] expected, float[] actual) {
        return Comparison.compare(Tensor.of(expected, expected.length), Tensor.of(actual, actual.length), RTOL, ATOL);
    }

    @Test
    void withinRtolPlusAtolPassesAndJustBeyondFails() {
        // bound at 100: 1e-7 + 1e-3 * 100 = 0.1000001
        assertNull(cmp(new float[] {100f}, new float[] {100.09f}));
        assertNotNull(cmp(new float[] {100f}, new float[] {100.11f}));
        // at 0 only atol is left
        assertNull(cmp(new float[] {0f}, new float[] {5e-8f}));
        assertNotNull(cmp(new float[] {0f}, new float[] {2e-7f}));
    }

    @Test
    void nanEqualsNanButNothingElse() {
        assertNull(cmp(new float[] {Float.NaN}, new float[] {Float.NaN}));
        assertNotNull(cmp(new float[] {Float.NaN}, new float[] {0f}));
        assertNotNull(cmp(new float[] {1f}, new float[] {Float.NaN}));
    }

    @Test
    void infinitiesMustMatchExactly() {
        assertNull(cmp(new float[] {Float.POSITIVE_INFINITY}, new float[] {Float.POSITIVE_INFINITY}));
        assertNotNull(cmp(new float[] {Float.POSITIVE_INFINITY}, new float[] {Float.NEGATIVE_INFINITY}));
        assertNotNull(cmp(new float[] {Float.POSITIVE_INFINITY}, new float[] {Float.MAX_VALUE}));
        assertNotNull(cmp(new float[] {3f}, new float[] {Float.POSITIVE_INFINITY}));
    }

    @Test
    void anInfinityAgainstAFiniteValueHasInfiniteErrors() {
        Comparison.Mismatch m = cmp(new float[] {Float.NEGATIVE_INFINITY}, new float[] {-Float.MAX_VALUE});
        assertEquals(Double.POSITIVE_INFINITY, m.maxAbsError());
        assertEquals(Double.POSITIVE_INFINITY, m.maxRelError());
        assertEquals(1, m.maxUlps(), "-MAX_VALUE is the float next to -inf");
    }

    @Test
    void mismatchRecordsCountFirstIndexErrorsAndUlps() {
        Comparison.Mismatch m = cmp(new float[] {1f, 2f, 4f, 8f}, new float[] {1f, 2.5f, 4f, 6f});
        assertNotNull(m);
        assertEquals(2, m.count());
        assertEquals(1, m.firstIndex());
        assertEquals(2.0, m.maxAbsError(), 0);
        assertEquals(0.25, m.maxRelError(), 0);
        // 2.5 is 2^21 floats above 2 (a quarter of the 2^23 steps in [2, 4)); 6 is 2^22 below 8.
        assertEquals(1L << 22, m.maxUlps());
        assertTrue(m.toString().startsWith("2 of 4 elements differ; first at index 1 (expected 2.00000, got 2.50000)"), m.toString());
    }

    @Test
    void ulpDistanceCountsRepresentableValuesAcrossZero() {
        assertEquals(1, Comparison.floatUlps(1f, Math.nextUp(1f)));
        assertEquals(2, Comparison.floatUlps(-Float.MIN_VALUE, Float.MIN_VALUE));
        assertEquals(0, Comparison.floatUlps(-0f, 0f));
        assertEquals(1, Comparison.doubleUlps(1.0, Math.nextDown(1.0)));
        // float16 1.0 is 0x3C00, the next value 0x3C01.
        Tensor e = Tensor.wrap(DataType.FLOAT16, new int[] {1}, new short[] {0x3C00});
        Tensor a = Tensor.wrap(DataType.FLOAT16, new int[] {1}, new short[] {0x3C01});
        assertEquals(1, Comparison.ulps(e, a, 0));
    }

    @Test
    void integersBoolsAndStringsAreExact() {
        assertNull(Comparison.compare(Tensor.of(new long[] {5, 7}, 2), Tensor.of(new long[] {5, 7}, 2), RTOL, ATOL));
        Comparison.Mismatch m = Comparison.compare(Tensor.of(new long[] {1_000_000, 7}, 2), Tensor.of(new long[] {1_000_001, 7}, 2), RTOL, ATOL);
        assertNotNull(m, "1e6 vs 1e6+1 is within rtol but integers are exact");
        assertEquals(0, m.firstIndex());
        assertNotNull(Comparison.compare(Tensor.of(new boolean[] {true}, 1), Tensor.of(new boolean[] {false}, 1), RTOL, ATOL));
        assertNotNull(Comparison.compare(Tensor.of(new String[] {"a", "b"}, 2), Tensor.of(new String[] {"a", "B"}, 2), RTOL, ATOL));
        assertNull(Comparison.compare(Tensor.of(new String[] {"a"}, 1), Tensor.of(new String[] {"a"}, 1), RTOL, ATOL));
    }

    @Test
    void shapesAndDtypesAreExact() {
        Comparison.Mismatch shape = Comparison.compare(Tensor.of(new float[] {1, 2}, 2, 1), Tensor.of(new float[] {1, 2}, 1, 2), RTOL, ATOL);
        assertEquals("expected shape [2, 1], got [1, 2]", shape.toString());
        Comparison.Mismatch dtype = Comparison.compare(Tensor.of(new float[] {1}, 1), Tensor.of(new double[] {1}, 1), RTOL, ATOL);
        assertEquals("expected dtype float32, got float64", dtype.toString());
    }
}
