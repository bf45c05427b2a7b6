package dev.jinn.kernels;

/**
 * Data movement for arrays of any element kind (float[], long[], byte[], String[], ...): the
 * layout ops compute where each output element comes from, then one of these copies it.
 */
public final class CopyKernels {
    private CopyKernels() {}

    /** out[i] = src[idx[i]], in a new array of src's kind. */
    public static Object take(Object src, int[] idx) {
        int n = idx.length;
        switch (src) {
            case float[] s -> {
                float[] o = new float[n];
                for (int i = 0; i < n; i++) o[i] = s[idx[i]];
                return o;
            }
            case double[] s -> {
                double[] o = new double[n];
                for (int i = 0; i < n; i++) o[i] = s[idx[i]];
                return o;
            }
            case long[] s -> {
                long[] o = new long[n];
                for (int i = 0; i < n; i++) o[i] = s[idx[i]];
                return o;
            }
            case int[] s -> {
                int[] o = new int[n];
                for (int i = 0; i < n; i++) o[i] = s[idx[i]];
                return o;
            }
            case short[] s -> {
                short[] o = new short[n];
                for (int i = 0; i < n; i++) o[i] = s[idx[i]];
                return o;
            }
            case byte[] s -> {
                byte[] o = new byte[n];
                for (int i = 0; i < n; i++) o[i] = s[idx[i]];
                return o;
            }
            case String[] s -> {
                String[] o = new String[n];
                for (int i = 0; i < n; i++) o[i] = s[idx[i]];
                return o;
            }
            default -> throw new IllegalArgumentException("not a tensor array: " + src.getClass());
        }
    }

    /** A new array holding {@code a} then the first {@code bLength} elements of {@code b}, both of one kind. */
    public static Object concat(Object a, Object b, int bLength) {
        int an = java.lang.reflect.Array.getLength(a);
        Object o = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), an + bLength);
        System.arraycopy(a, 0, o, 0, an);
        System.arraycopy(b, 0, o, an, bLength);
        return o;
    }

    /**
     * Copies {@code count} blocks of {@code len} elements from {@code src} (block stride {@code srcStride})
     * to {@code dst} (block stride {@code dstStride}): the shape of Concat, Split and Gather.
     */
    public static void blocks(Object src, int srcOff, int srcStride, Object dst, int dstOff, int dstStride, int len, int count) {
        for (int c = 0; c < count; c++) {
            System.arraycopy(src, srcOff + c * srcStride, dst, dstOff + c * dstStride, len);
        }
    }

    /**
     * The flat source index of every element of a strided view, in row-major order of {@code shape}:
     * element (i0, i1, ...) reads {@code base + sum(ik * strides[k])}. Transpose, Slice and friends.
     */
    public static int[] stridedIndex(int[] shape, int[] strides, int base) {
        int n = 1;
        for (int d : shape) n *= d;
        int[] idx = new int[n];
        int rank = shape.length;
        int[] pos = new int[rank];
        int off = base;
        for (int i = 0; i < n; i++) {
            idx[i] = off;
            for (int d = rank - 1; d >= 0; d--) {
                off += strides[d];
                if (++pos[d] < shape[d]) break;
                off -= strides[d] * shape[d];
                pos[d] = 0;
            }
        }
        return idx;
    }

    /**
     * The elements of a strided view in row-major order of {@code shape}, as
     * {@code take(src, stridedIndex(shape, strides, base))}. For float32 it copies row by row of the last
     * dim (an arraycopy where that dim is contiguous) without building the index: a Transpose in a
     * transformer moves every activation, and the index doubled its memory traffic.
     */
    public static Object strided(Object src, int[] shape, int[] strides, int base) {
        if (!(src instanceof float[] s) || shape.length == 0) return take(src, stridedIndex(shape, strides, base));
        int n = 1;
        for (int d : shape) n *= d;
        float[] o = new float[n];
        strided(s, shape, strides, base, o);
        return o;
    }

    /** {@link #strided} for float32 into {@code o}, which holds the view's elements (rank at least 1). */
    public static void strided(float[] s, int[] shape, int[] strides, int base, float[] o) {
        int n = o.length;
        if (n == 0) return;
        int rank = shape.length;
        int inner = shape[rank - 1];
        int step = strides[rank - 1];
        int[] pos = new int[rank];
        int off = base;
        for (int start = 0; start < n; start += inner) {
            if (step == 1) {
                System.arraycopy(s, off, o, start, inner);
            } else {
                for (int j = 0, k = off; j < inner; j++, k += step) o[start + j] = s[k];
            }
            for (int d = rank - 2; d >= 0; d--) {
                off += strides[d];
                if (++pos[d] < shape[d]) break;
                off -= strides[d] * shape[d];
                pos[d] = 0;
            }
        }
    }

    /** A new array of {@code n} copies of {@code one[0]}, filled by doubling copies. */
    public static Object repeat(Object one, int n) {
        Object o = java.lang.reflect.Array.newInstance(one.getClass().getComponentType(), n);
        if (n == 0) return o;
        System.arraycopy(one, 0, o, 0, 1);
        for (int filled = 1; filled < n; filled *= 2) System.arraycopy(o, 0, o, filled, Math.min(filled, n - filled));
        return o;
    }
}
