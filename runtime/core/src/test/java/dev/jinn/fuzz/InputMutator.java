package dev.jinn.fuzz;

import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Damage to the inputs of a run, starting from a test case's valid ones: names that the model does
 * not declare or that are missing, another dtype, another shape (other ranks, zero-sized dims, dims
 * near int's limit beside a zero), and values that kernels and data-dependent shapes must survive
 * (indices out of range, negative or huge sizes, NaN).
 */
final class InputMutator {
    /** Elements in a reshaped input, unless a zero dim makes it empty whatever the other dims. */
    private static final long MAX_ELEMENTS = 1 << 12;
    private static final int[] DIMS = {0, 1, 2, 3, 4, 5, 8, 16, 1 << 20, Integer.MAX_VALUE - 8};
    private static final String[] STRINGS = {"", "\0", "a".repeat(1000), "\uD800", "ü", "-1", "NaN"};

    private final Choices c;

    InputMutator(Choices c) {
        this.c = c;
    }

    /** {@code names} are the model's declared inputs, which renames mostly pick from. */
    Map<String, Tensor> mutate(Map<String, Tensor> feed, List<String> names, int steps) {
        Map<String, Tensor> out = new LinkedHashMap<>(feed);
        for (int i = 0; i < steps && c.more(); i++) {
            List<String> keys = new ArrayList<>(out.keySet());
            int op = c.between(0, 6);
            if (keys.isEmpty() || op == 0) {
                out.put(c.name(names), keys.isEmpty() ? Tensor.scalar(c.interestingLong()) : out.get(c.pick(keys)));
                continue;
            }
            String key = c.pick(keys);
            Tensor t = out.get(key);
            switch (op) {
                case 1 -> out.put(c.name(names), out.remove(key));
                case 2 -> out.remove(key);
                case 3 -> out.put(key, null);
                case 4 -> out.put(key, t == null ? null : refill(t, c.pick(DataType.values()), t.shape()));
                case 5 -> out.put(key, t == null ? null : refill(t, t.dtype(), shape(t.shape())));
                default -> out.put(key, t == null ? null : refill(t, t.dtype(), t.shape()));
            }
        }
        return out;
    }

    private int[] shape(int[] old) {
        int[] shape = new int[c.between(0, 5)];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            int d = c.bool() && i < old.length ? old[i] : DIMS[c.index(DIMS.length)];
            shape[i] = count * d > MAX_ELEMENTS && count != 0 ? 1 : d;
            count *= shape[i];
        }
        return shape;
    }

    /**
     * A new tensor of {@code type} and {@code shape}, filled with the old one's values (repeated or
     * cut, each converted the way a cast would), some of them then replaced with edge values.
     */
    private Tensor refill(Tensor old, DataType type, int[] shape) {
        long count = 1;
        for (int d : shape) count *= d;
        Object data = Tensor.allocate(type, type.slots(count));
        Object src = old.array();
        int srcSlots = java.lang.reflect.Array.getLength(src);
        int slots = java.lang.reflect.Array.getLength(data);
        for (int j = 0; j < slots && srcSlots > 0; j++) set(data, j, number(src, j % srcSlots));
        for (int k = c.between(0, 3); k > 0 && slots > 0; k--) poke(data, c.index(slots));
        return Tensor.wrap(type, shape, data);
    }

    private static double number(Object a, int j) {
        return switch (a) {
            case float[] f -> f[j];
            case double[] x -> x[j];
            case byte[] b -> b[j];
            case short[] s -> s[j];
            case int[] i -> i[j];
            case long[] l -> l[j];
            case String[] s -> s[j].length();
            default -> throw new IllegalArgumentException(a.getClass().toString());
        };
    }

    private static void set(Object a, int j, double v) {
        switch (a) {
            case float[] f -> f[j] = (float) v;
            case double[] x -> x[j] = v;
            case byte[] b -> b[j] = (byte) (long) v;
            case short[] s -> s[j] = (short) (long) v;
            case int[] i -> i[j] = (int) (long) v;
            case long[] l -> l[j] = (long) v;
            case String[] s -> s[j] = Double.toString(v);
            default -> throw new IllegalArgumentException(a.getClass().toString());
        }
    }

    private void poke(Object a, int j) {
        switch (a) {
            case float[] f -> f[j] = c.interestingFloat();
            case double[] x -> x[j] = c.interestingFloat();
            case byte[] b -> b[j] = (byte) c.interestingLong();
            case short[] s -> s[j] = (short) c.interestingLong();
            case int[] i -> i[j] = (int) c.interestingLong();
            case long[] l -> l[j] = c.interestingLong();
            case String[] s -> s[j] = c.pick(STRINGS);
            default -> throw new IllegalArgumentException(a.getClass().toString());
        }
    }
}
