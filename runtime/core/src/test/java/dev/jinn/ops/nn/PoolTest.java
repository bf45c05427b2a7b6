package dev.jinn.ops.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinn.ir.Domains;
import dev.jinn.tensor.Tensor;
import dev.jinn.testing.OneNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MaxPool (with and without its Indices output, both storage orders) and AveragePool (with and without
 * count_include_pad) over 1-D, 2-D and 3-D images at awkward sizes: odd widths, strides 2 and 3,
 * dilations, asymmetric pads, ceil_mode, batches; against a direct double-precision pool that walks
 * every window tap by tap, and 1 thread against 4, bitwise.
 */
class PoolTest {
    @Test
    void resnetStemOddWidth() {
        check(new int[] {1, 5, 113, 113}, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1, 1, 1}, false, false);
    }

    @Test
    void twoByTwoStrideTwoBatchOfTwo() {
        check(new int[] {2, 3, 34, 33}, new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0, 0, 0}, false, false);
    }

    @Test
    void strideThreeAsymmetricPadsCeilMode() {
        check(new int[] {2, 3, 13, 37}, new int[] {3, 2}, new int[] {2, 3}, new int[] {1, 1}, new int[] {0, 1, 2, 0}, true, false);
    }

    @Test
    void dilatedCeilModeWithSomeWindowsPastTheImage() {
        check(new int[] {1, 2, 17, 33}, new int[] {3, 3}, new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 2, 1, 0}, true, false);
    }

    @Test
    void oneDStridedDilatedBatchOfTwo() {
        check(new int[] {2, 3, 37}, new int[] {4}, new int[] {3}, new int[] {2}, new int[] {2, 1}, false, false);
    }

    @Test
    void threeDStridedDilatedPaddedCeilMode() {
        check(new int[] {2, 2, 7, 9, 19}, new int[] {2, 3, 3}, new int[] {2, 1, 2}, new int[] {1, 2, 1},
                new int[] {1, 0, 1, 0, 1, 1}, true, false);
    }

    @Test
    void nanWinsItsWindows() {
        check(new int[] {1, 3, 15, 41}, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1, 1, 1}, false, true);
    }

    /**
     * Runs MaxPool (Y alone, then Y and Indices in both storage orders) and AveragePool (both
     * count_include_pad) on a random x, with NaNs when {@code nan}, and checks every output against
     * {@link #reference}.
     */
    private static void check(int[] xShape, int[] k, int[] s, int[] d, int[] pads, boolean ceil, boolean nan) {
        Tensor x = OneNode.gaussian(Arrays.hashCode(xShape), 0, 1, xShape);
        if (nan) for (int i = 3; i < x.size(); i += 29) x.floats()[i] = Float.NaN;
        Reference want = reference(x, k, s, d, pads, ceil);
        Map<String, Object> attrs = Map.of("kernel_shape", k, "strides", s, "dilations", d, "pads", pads, "ceil_mode", ceil ? 1 : 0);
        String what = Arrays.toString(xShape) + " kernel " + Arrays.toString(k) + " strides " + Arrays.toString(s)
                + " dilations " + Arrays.toString(d) + " pads " + Arrays.toString(pads) + (ceil ? " ceil_mode" : "");
        expect(x, "MaxPool", with(attrs, "storage_order", 0), false, want, want.max, null, "MaxPool " + what);
        expect(x, "MaxPool", with(attrs, "storage_order", 0), true, want, want.max, want.rowMajor, "MaxPool with Indices " + what);
        expect(x, "MaxPool", with(attrs, "storage_order", 1), true, want, want.max, want.columnMajor,
                "MaxPool with column-major Indices " + what);
        expect(x, "AveragePool", with(attrs, "count_include_pad", 0), false, want, want.average, null, "AveragePool " + what);
        expect(x, "AveragePool", with(attrs, "count_include_pad", 1), false, want, want.averageWithPads, null,
                "AveragePool counting pads " + what);
    }

    private static Map<String, Object> with(Map<String, Object> attrs, String name, int value) {
        Map<String, Object> m = new HashMap<>(attrs);
        m.put(name, value);
        return m;
    }

    /** Runs op on 1 and on 4 threads: the values within float rounding of {@code values}, the indices exactly. */
    private static void expect(Tensor x, String op, Map<String, Object> attrs, boolean withIndices, Reference want,
                               double[] values, long[] indices, String what) {
        String[] outs = withIndices ? new String[] {"Y", "I"} : new String[] {"Y"};
        Tensor[] one = OneNode.run(Domains.ONNX, op, 19, attrs, new Tensor[] {x}, outs, 1);
        Tensor[] four = OneNode.run(Domains.ONNX, op, 19, attrs, new Tensor[] {x}, outs, 4);
        assertArrayEquals(want.shape, one[0].shape(), what + ": shape");
        float[] got = one[0].floats();
        assertEquals(values.length, got.length, what + ": size");
        for (int i = 0; i < got.length; i++) {
            // A maximum is one of the inputs; an average differs from the double one by its float rounding.
            double tol = op.equals("MaxPool") ? 0 : 1e-6 * Math.max(1, Math.abs(values[i]));
            if (!(Math.abs(values[i] - got[i]) <= tol) && !(Double.isNaN(values[i]) && Float.isNaN(got[i]))) {
                throw new AssertionError(what + ": element " + i + ", want " + values[i] + ", got " + got[i]);
            }
        }
        assertArrayEquals(got, four[0].floats(), what + ": threads must not change the result");
        if (withIndices) {
            assertArrayEquals(indices, one[1].longs(), what + ": indices");
            assertArrayEquals(indices, four[1].longs(), what + ": indices on 4 threads");
        }
    }

    /**
     * The windows' maxima (the first maximum, or the first NaN), the flat indices of those maxima
     * (batch and channel included, the spatial part row-major or column-major), and the averages
     * over the taps inside the image or, counting pads, over the taps inside the image and its pads.
     */
    record Reference(int[] shape, double[] max, long[] rowMajor, long[] columnMajor, double[] average, double[] averageWithPads) {}

    /** Every window walked tap by tap in row-major order, its sums in double. */
    private static Reference reference(Tensor x, int[] k, int[] s, int[] d, int[] pads, boolean ceil) {
        int r = k.length, planes = x.dim(0) * x.dim(1);
        int[] in = Arrays.copyOfRange(x.shape(), 2, 2 + r), out = new int[r];
        int plane = 1, outPlane = 1, taps = 1;
        for (int a = 0; a < r; a++) {
            int span = (k[a] - 1) * d[a] + 1, room = in[a] + pads[a] + pads[a + r] - span;
            out[a] = ceil ? Math.ceilDiv(room, s[a]) + 1 : room / s[a] + 1;
            // In ceil mode a last window that would start in the end padding is dropped.
            if (ceil && (out[a] - 1) * s[a] >= in[a] + pads[a]) out[a]--;
            plane *= in[a];
            outPlane *= out[a];
            taps *= k[a];
        }
        int[] shape = x.shape().clone();
        System.arraycopy(out, 0, shape, 2, r);
        int n = planes * outPlane;
        Reference ref = new Reference(shape, new double[n], new long[n], new long[n], new double[n], new double[n]);
        int[] o = new int[r], t = new int[r];
        for (int pl = 0; pl < planes; pl++) {
            for (int op = 0; op < outPlane; op++) {
                ConvTest.unravel(op, out, o);
                double best = Double.NEGATIVE_INFINITY, sum = 0;
                int at = -1, atColumnMajor = -1, inside = 0, withPads = 0;
                for (int tap = 0; tap < taps; tap++) {
                    ConvTest.unravel(tap, k, t);
                    boolean in0 = true, inPads = true;
                    int rowMajor = 0, columnMajor = 0;
                    for (int a = 0, mul = 1; a < r; a++) {
                        int p = o[a] * s[a] - pads[a] + t[a] * d[a];
                        in0 &= p >= 0 && p < in[a];
                        inPads &= p >= -pads[a] && p < in[a] + pads[a + r];
                        rowMajor = rowMajor * in[a] + p;
                        columnMajor += p * mul;
                        mul *= in[a];
                    }
                    if (inPads) withPads++;
                    if (!in0) continue;
                    inside++;
                    double v = x.floats()[pl * plane + rowMajor];
                    sum += v;
                    if (at < 0 || v > best || Double.isNaN(v) && !Double.isNaN(best)) {
                        best = v;
                        at = rowMajor;
                        atColumnMajor = columnMajor;
                    }
                }
                int i = pl * outPlane + op;
                ref.max[i] = best;
                ref.rowMajor[i] = (long) pl * plane + at;
                ref.columnMajor[i] = (long) pl * plane + atColumnMajor;
                ref.average[i] = sum / inside;
                ref.averageWithPads[i] = sum / withPads;
            }
        }
        return ref;
    }
}
