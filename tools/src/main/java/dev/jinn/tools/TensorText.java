package dev.jinn.tools;

import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.Locale;

/** One-line descriptions of tensors for people: dtype, shape, first values, min/max/mean. */
final class TensorText {
    private TensorText() {}

    /** {@code float32[2,3] min -1 max 2.5 mean 0.25 values [0, 1, ...]}, showing at most {@code first} values. */
    static String describe(Tensor t, int first) {
        StringBuilder sb = new StringBuilder(t.dtype() + shape(t.shape()));
        int n = t.size();
        if (n == 0) return sb.append(" (empty)").toString();
        if (t.dtype() != DataType.STRING) sb.append(stats(t));
        sb.append(" values ").append(values(t, 0, Math.min(first, n)));
        return sb.toString();
    }

    static String shape(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? "," : "").append(shape[i]);
        return sb.append(']').toString();
    }

    /** Elements {@code [from, to)} as {@code [a, b, ...]}, with "..." when more follow. */
    static String values(Tensor t, int from, int to) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = from; i < to; i++) sb.append(i > from ? ", " : "").append(value(t, i));
        return sb.append(to < t.size() ? ", ...]" : "]").toString();
    }

    static String value(Tensor t, int i) {
        DataType d = t.dtype();
        if (d == DataType.STRING) return "\"" + t.strings()[i] + "\"";
        if (d == DataType.BOOL) return t.getLong(i) != 0 ? "true" : "false";
        return switch (d) {
            case UINT64 -> Long.toUnsignedString(t.getLong(i));
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, INT4, UINT4, INT2, UINT2 -> Long.toString(t.getLong(i));
            default -> number(t.getDouble(i)); // floats of every width; complex shows its real part
        };
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v).replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
                .replaceFirst("\\.$", "");
    }

    private static String stats(Tensor t) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int nan = 0;
        int n = t.size();
        for (int i = 0; i < n; i++) {
            double v = t.getDouble(i);
            if (Double.isNaN(v)) {
                nan++;
                continue;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        if (nan == n) return " all NaN";
        String s = " min " + number(min) + " max " + number(max) + " mean " + number(sum / (n - nan));
        return nan > 0 ? s + " (" + nan + " NaN left out)" : s;
    }
}
