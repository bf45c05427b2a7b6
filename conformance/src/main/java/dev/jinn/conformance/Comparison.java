package dev.jinn.conformance;

import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.Arrays;

/**
 * Compares an output with its expected value the way ONNX's backend runner does
 * ({@code numpy.testing.assert_allclose}): {@code |actual - expected| <= atol + rtol * |expected|},
 * NaN equal to NaN, infinities equal only to themselves; integers, bools and strings exactly;
 * shapes and dtypes exactly.
 */
public final class Comparison {
    /**
     * What was wrong with one output. For numeric mismatches {@code firstIndex} is the flat index of
     * the first bad element, and the maxima run over every element (ULPs in the output's own format).
     */
    public record Mismatch(String reason, long count, long total, int firstIndex, String expected, String actual,
                           double maxAbsError, double maxRelError, long maxUlps) {
        @Override
        public String toString() {
            if (firstIndex < 0) return reason;
            StringBuilder b = new StringBuilder()
                    .append(count).append(" of ").append(total).append(" elements differ; first at index ")
                    .append(firstIndex).append(" (expected ").append(expected).append(", got ").append(actual).append(')');
            if (!Double.isNaN(maxAbsError)) {
                b.append("; max abs error ").append(fmt(maxAbsError)).append(", max rel error ").append(fmt(maxRelError));
            }
            if (maxUlps >= 0) b.append(", max ULP distance ").append(maxUlps);
            return b.toString();
        }
    }

    private Comparison() {}

    /** Null when {@code actual} matches; otherwise what is wrong. */
    public static Mismatch compare(Tensor expected, Tensor actual, double rtol, double atol) {
        if (expected.dtype() != actual.dtype()) {
            return reason("expected dtype " + expected.dtype() + ", got " + actual.dtype());
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            return reason("expected shape " + Arrays.toString(expected.shape()) + ", got " + Arrays.toString(actual.shape()));
        }
        DataType t = expected.dtype();
        if (t == DataType.STRING) return compareStrings(expected.strings(), actual.strings());
        if (t.isComplex()) return compareComplex(expected, actual, rtol, atol);
        if (isFloat(t)) return compareFloats(expected, actual, rtol, atol);
        return compareExact(expected, actual);
    }

    private static boolean isFloat(DataType t) {
        return switch (t) {
            case FLOAT, DOUBLE, FLOAT16, BFLOAT16, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ,
                 FLOAT8E8M0, FLOAT4E2M1 -> true;
            default -> false;
        };
    }

    private static Mismatch compareFloats(Tensor e, Tensor a, double rtol, double atol) {
        Stats s = new Stats();
        for (int i = 0; i < e.size(); i++) {
            double x = e.getDouble(i);
            double y = a.getDouble(i);
            s.add(i, x, y, close(x, y, rtol, atol), ulps(e, a, i));
        }
        return s.result(e.size());
    }

    // Complex tensors are compared part by part, as numpy does; an element is bad if either part is.
    private static Mismatch compareComplex(Tensor e, Tensor a, double rtol, double atol) {
        Stats s = new Stats();
        boolean single = e.dtype() == DataType.COMPLEX64;
        for (int i = 0; i < e.size(); i++) {
            double[] x = new double[2];
            double[] y = new double[2];
            boolean ok = true;
            for (int part = 0; part < 2; part++) {
                x[part] = single ? e.floats()[2 * i + part] : e.doubles()[2 * i + part];
                y[part] = single ? a.floats()[2 * i + part] : a.doubles()[2 * i + part];
                ok &= close(x[part], y[part], rtol, atol);
            }
            for (int part = 0; part < 2; part++) {
                long u = single ? floatUlps((float) x[part], (float) y[part]) : doubleUlps(x[part], y[part]);
                s.add(i, x[part], y[part], ok || part == 1, u);
            }
        }
        return s.result(e.size());
    }

    static boolean close(double expected, double actual, double rtol, double atol) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) return Double.isNaN(expected) && Double.isNaN(actual);
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) return expected == actual;
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    private static Mismatch compareExact(Tensor e, Tensor a) {
        long count = 0;
        int first = -1;
        for (int i = 0; i < e.size(); i++) {
            if (e.getLong(i) != a.getLong(i)) {
                if (first < 0) first = i;
                count++;
            }
        }
        if (count == 0) return null;
        return new Mismatch(null, count, e.size(), first, integer(e, first), integer(a, first), Double.NaN, Double.NaN, -1);
    }

    private static String integer(Tensor t, int i) {
        return t.dtype() == DataType.UINT64 ? Long.toUnsignedString(t.getLong(i)) : Long.toString(t.getLong(i));
    }

    private static Mismatch compareStrings(String[] e, String[] a) {
        long count = 0;
        int first = -1;
        for (int i = 0; i < e.length; i++) {
            if (!e[i].equals(a[i])) {
                if (first < 0) first = i;
                count++;
            }
        }
        if (count == 0) return null;
        return new Mismatch(null, count, e.length, first, quote(e[first]), quote(a[first]), Double.NaN, Double.NaN, -1);
    }

    private static String quote(String s) {
        return '"' + s + '"';
    }

    private static Mismatch reason(String why) {
        return new Mismatch(why, 0, 0, -1, null, null, Double.NaN, Double.NaN, -1);
    }

    /** Distance in representable values of the tensor's own format; -1 when one side is NaN. */
    static long ulps(Tensor e, Tensor a, int i) {
        return switch (e.dtype()) {
            case FLOAT -> floatUlps(e.floats()[i], a.floats()[i]);
            case DOUBLE -> doubleUlps(e.doubles()[i], a.doubles()[i]);
            case FLOAT16, BFLOAT16 -> signMagnitudeUlps(e.shorts()[i] & 0xFFFF, a.shorts()[i] & 0xFFFF, 16,
                    Double.isNaN(e.getDouble(i)) || Double.isNaN(a.getDouble(i)));
            // E8M0 is an unsigned exponent: its codes are already in order.
            case FLOAT8E8M0 -> Double.isNaN(e.getDouble(i)) || Double.isNaN(a.getDouble(i)) ? -1
                    : Math.abs(e.rawBits(i) - a.rawBits(i));
            default -> signMagnitudeUlps(e.rawBits(i), a.rawBits(i), e.dtype().bits(),
                    Double.isNaN(e.getDouble(i)) || Double.isNaN(a.getDouble(i)));
        };
    }

    static long floatUlps(float x, float y) {
        if (Float.isNaN(x) || Float.isNaN(y)) return -1;
        return Math.abs(ordered(Float.floatToRawIntBits(x)) - ordered(Float.floatToRawIntBits(y)));
    }

    static long doubleUlps(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) return -1;
        long ox = ordered(Double.doubleToRawLongBits(x));
        long oy = ordered(Double.doubleToRawLongBits(y));
        try {
            return Math.abs(Math.subtractExact(ox, oy));
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    // Sign-magnitude bit patterns mapped onto a line where neighbours differ by one (and -0 == +0).
    private static long ordered(int bits) {
        return bits < 0 ? -(long) (bits & Integer.MAX_VALUE) : bits;
    }

    private static long ordered(long bits) {
        return bits < 0 ? -(bits & Long.MAX_VALUE) : bits;
    }

    private static long signMagnitudeUlps(int x, int y, int width, boolean nan) {
        if (nan) return -1;
        int sign = 1 << (width - 1);
        long ox = (x & sign) != 0 ? -(long) (x & (sign - 1)) : x;
        long oy = (y & sign) != 0 ? -(long) (y & (sign - 1)) : y;
        return Math.abs(ox - oy);
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    /** Running maxima over a float comparison. */
    private static final class Stats {
        long bad;
        int first = -1;
        double firstExpected;
        double firstActual;
        double maxAbs;
        double maxRel;
        long maxUlps;

        void add(int index, double expected, double actual, boolean ok, long ulps) {
            if (!ok) {
                if (first < 0) {
                    first = index;
                    firstExpected = expected;
                    firstActual = actual;
                }
                bad++;
            }
            if (Double.isNaN(expected) || Double.isNaN(actual) || expected == actual) return;
            double abs = Math.abs(actual - expected);
            maxAbs = Math.max(maxAbs, abs);
            double rel = abs / Math.abs(expected);
            // x/0 and inf/inf: call the relative error infinite (Math.max would keep a NaN for good).
            maxRel = Math.max(maxRel, Double.isNaN(rel) || expected == 0 ? Double.POSITIVE_INFINITY : rel);
            maxUlps = Math.max(maxUlps, ulps);
        }

        Mismatch result(long total) {
            if (bad == 0) return null;
            return new Mismatch(null, bad, total, first, fmt(firstExpected), fmt(firstActual), maxAbs, maxRel, maxUlps);
        }
    }
}
