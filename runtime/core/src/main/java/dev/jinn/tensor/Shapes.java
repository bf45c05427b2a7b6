package dev.jinn.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by loaders, ops and kernels. */
public final class Shapes {
    private Shapes() {}

    /** Element count; throws ArithmeticException when it overflows an int or a dim is negative. */
    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new ArithmeticException("negative dim in " + Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
        }
        return Math.toIntExact(n);
    }

    /** Element count as a long, for shapes read from a file, checked for overflow. */
    public static long sizeExact(long[] dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) throw new ArithmeticException("negative dim " + d);
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Product of dims in [from, to). */
    public static int size(int[] shape, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) n = Math.multiplyExact(n, shape[i]);
        return n;
    }

    /** Maps a possibly negative axis into [0, rank); throws with the axis and rank otherwise. */
    public static int normalizeAxis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    /** Row-major strides. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** ONNX multidirectional (numpy) broadcasting of two shapes. */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    public static String toString(int[] shape) {
        return Arrays.toString(shape);
    }
}
