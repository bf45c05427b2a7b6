package dev.jinn.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link CopyKernels#strided}: every element read from base + sum(coordinate * stride), computed here coordinate by coordinate. */
class CopyKernelsTest {
    @Test
    void stridedFloatsMatchAScalarReferenceForTransposes() {
        Random r = new Random(3);
        int[][] shapes = {{1, 128, 12, 32}, {2, 3, 4}, {5}, {3, 1, 4, 2, 2}, {2, 0, 3}, {7, 9}};
        for (int[] view : shapes) {
            for (int trial = 0; trial < 6; trial++) {
                int[] perm = permutation(view.length, r);
                int[] viewStrides = rowMajorStrides(view);
                int[] shape = new int[view.length];
                int[] strides = new int[view.length];
                for (int d = 0; d < view.length; d++) {
                    shape[d] = view[perm[d]];
                    strides[d] = viewStrides[perm[d]];
                }
                float[] src = new float[size(view)];
                for (int i = 0; i < src.length; i++) src[i] = r.nextFloat();
                assertArrayEquals(reference(src, shape, strides, 0), (float[]) CopyKernels.strided(src, shape, strides, 0),
                        java.util.Arrays.toString(view) + " perm " + java.util.Arrays.toString(perm));
            }
        }
    }

    @Test
    void stridedHonoursTheBaseOffsetAndOtherElementTypes() {
        float[] src = new float[20];
        for (int i = 0; i < src.length; i++) src[i] = i;
        int[] shape = {2, 3};
        int[] strides = {7, 2};
        assertArrayEquals(reference(src, shape, strides, 5), (float[]) CopyKernels.strided(src, shape, strides, 5));
        long[] longs = new long[20];
        for (int i = 0; i < longs.length; i++) longs[i] = 100 + i;
        assertArrayEquals(new long[] {105, 107, 109, 112, 114, 116}, (long[]) CopyKernels.strided(longs, shape, strides, 5));
    }

    private static float[] reference(float[] src, int[] shape, int[] strides, int base) {
        float[] out = new float[size(shape)];
        for (int i = 0; i < out.length; i++) {
            int rest = i;
            int at = base;
            for (int d = shape.length - 1; d >= 0; d--) {
                at += (rest % shape[d]) * strides[d];
                rest /= shape[d];
            }
            out[i] = src[at];
        }
        return out;
    }

    private static int[] permutation(int n, Random r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int[] rowMajorStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}
