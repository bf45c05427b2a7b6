package dev.jinn.ops.nn;

import dev.jinn.kernels.WindowShape;
import dev.jinn.ops.NodeContext;
import java.util.Arrays;

/**
 * The sliding-window attributes that Conv, ConvTranspose and the pools share (kernel_shape, strides,
 * dilations, pads, auto_pad, ceil_mode), read once, and the geometry they give for one input shape.
 */
record Windows(int[] kernel, int[] strides, int[] dilations, int[] pads, String autoPad, boolean ceil) {
    /** The placement of windows over one input; {@code padEnd} matters to AveragePool's count_include_pad. */
    record Geometry(WindowShape shape, int[] padEnd) {}

    /** Reads the attributes; {@code kernel} may be null when the op infers it from the weight. */
    static Windows read(NodeContext node, boolean kernelRequired) {
        int[] kernel = ints(node, "kernel_shape");
        if (kernel == null && kernelRequired) throw node.malformed("attribute 'kernel_shape' is required");
        String autoPad = node.getString("auto_pad", "NOTSET");
        if (!Arrays.asList("NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID").contains(autoPad)) {
            throw node.malformed("attribute 'auto_pad': unknown value '" + autoPad + "'");
        }
        Windows w = new Windows(kernel, ints(node, "strides"), ints(node, "dilations"), ints(node, "pads"), autoPad,
                node.getInt("ceil_mode", 0) != 0);
        for (int[] v : new int[][] {w.kernel, w.strides, w.dilations}) {
            if (v != null) for (int x : v) if (x <= 0) throw node.malformed("kernel_shape, strides and dilations must be positive, got " + Arrays.toString(v));
        }
        if (w.pads != null) for (int x : w.pads) if (x < 0) throw node.malformed("attribute 'pads': negative pad in " + Arrays.toString(w.pads));
        return w;
    }

    private static int[] ints(NodeContext node, String attr) {
        long[] v = node.getInts(attr, null);
        if (v == null) return null;
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != (int) v[i]) throw node.malformed("attribute '" + attr + "': " + v[i] + " is beyond int in " + Arrays.toString(v));
            out[i] = (int) v[i];
        }
        return out;
    }

    /** Geometry for spatial input dims {@code in}, with {@code kernel} when the attribute was absent. */
    Geometry geometry(NodeContext node, int[] in, int[] inferredKernel) {
        int r = in.length;
        int[] k = kernel != null ? kernel : inferredKernel;
        if (k.length != r) throw node.invalid("kernel_shape " + Arrays.toString(k) + " does not match " + r + " spatial dims");
        int[] s = orOnes(strides, r, node, "strides");
        int[] d = orOnes(dilations, r, node, "dilations");
        int[] pb = new int[r], pe = new int[r], out = new int[r];
        if (pads != null && pads.length != 2 * r) throw node.invalid("attribute 'pads' needs " + 2 * r + " values, got " + pads.length);
        for (int i = 0; i < r; i++) {
            int span = (k[i] - 1) * d[i] + 1;
            switch (autoPad) {
                case "VALID" -> out[i] = Math.max(0, Math.floorDiv(in[i] - span, s[i]) + 1);
                case "SAME_UPPER", "SAME_LOWER" -> {
                    out[i] = (in[i] + s[i] - 1) / s[i];
                    int total = Math.max(0, (out[i] - 1) * s[i] + span - in[i]);
                    pb[i] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                    pe[i] = total - pb[i];
                }
                default -> {
                    if (pads != null) {
                        pb[i] = pads[i];
                        pe[i] = pads[i + r];
                    }
                    long room = (long) in[i] + pb[i] + pe[i] - span;
                    if (room < 0) {
                        out[i] = 0;
                    } else if (ceil) {
                        out[i] = (int) ((room + s[i] - 1) / s[i]) + 1;
                        // A last window that would start in the end padding is dropped.
                        if ((long) (out[i] - 1) * s[i] >= (long) in[i] + pb[i]) out[i]--;
                    } else {
                        out[i] = (int) (room / s[i]) + 1;
                    }
                }
            }
        }
        return new Geometry(new WindowShape(in, k, s, d, pb, out), pe);
    }

    private static int[] orOnes(int[] v, int r, NodeContext node, String name) {
        if (v == null) {
            int[] ones = new int[r];
            Arrays.fill(ones, 1);
            return ones;
        }
        if (v.length != r) throw node.invalid("attribute '" + name + "' needs " + r + " values, got " + v.length);
        return v;
    }
}
