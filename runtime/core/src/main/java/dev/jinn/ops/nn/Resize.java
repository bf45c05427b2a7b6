package dev.jinn.ops.nn;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.ResizeKernels;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.Arrays;
import java.util.List;

/**
 * Resize-10/11/13/18/19 and Upsample-7/9/10 (nearest, linear, cubic, with antialias), as ONNX's
 * reference defines them: every output coordinate maps back to the input by the
 * coordinate_transformation_mode, and an axis is interpolated from the nearest taps of the
 * edge-padded input. The interpolation is separable, so it runs as one pass per resized axis, the
 * last axis first. Resize-10 and Upsample use asymmetric coordinates and, for nearest, ONNX
 * Runtime's "simple" rounding (floor when enlarging, ceil when shrinking).
 */
public final class Resize implements Op {
    record Attrs(String mode, String coordinates, String nearest, float cubicA, boolean excludeOutside,
                 float extrapolation, boolean antialias, int[] axes, String aspect, float[] fixedScales) {}

    private static final List<String> COORDINATES = List.of("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel",
            "align_corners", "asymmetric", "tf_crop_and_resize");
    private static final List<String> NEAREST = List.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil", "simple");

    private final NodeContext node;
    private final Attrs attrs;
    /** Resize-10 and Upsample: inputs (X, scales) rather than (X, roi, scales, sizes). */
    private final boolean legacy;

    private Resize(NodeContext node, boolean legacy, float[] fixedScales) {
        this.node = node;
        this.legacy = legacy;
        String mode = node.getString("mode", "nearest");
        if (mode.equals("bilinear") || mode.equals("trilinear")) mode = "linear";
        if (!List.of("nearest", "linear", "cubic").contains(mode)) throw node.malformed("attribute 'mode': unknown value '" + mode + "'");
        String coord = legacy ? "asymmetric" : node.getString("coordinate_transformation_mode", "half_pixel");
        if (!COORDINATES.contains(coord)) throw node.unsupported("coordinate_transformation_mode '" + coord + "'");
        String nearest = legacy ? "simple" : node.getString("nearest_mode", "round_prefer_floor");
        if (!NEAREST.contains(nearest)) throw node.malformed("attribute 'nearest_mode': unknown value '" + nearest + "'");
        long[] axes = node.getInts("axes", null);
        String aspect = node.getString("keep_aspect_ratio_policy", "stretch");
        if (!List.of("stretch", "not_larger", "not_smaller").contains(aspect)) {
            throw node.malformed("attribute 'keep_aspect_ratio_policy': unknown value '" + aspect + "'");
        }
        boolean antialias = node.getInt("antialias", 0) != 0;
        if (antialias && mode.equals("nearest")) throw node.malformed("antialias applies to linear and cubic modes only");
        this.attrs = new Attrs(mode, coord, nearest, node.getFloat("cubic_coeff_a", -0.75f),
                node.getInt("exclude_outside", 0) != 0, node.getFloat("extrapolation_value", 0f), antialias,
                axes == null ? null : Arrays.stream(axes).mapToInt(Math::toIntExact).toArray(), aspect, fixedScales);
    }

    public static Resize resize(NodeContext node) {
        return new Resize(node, node.version() < 11, null);
    }

    public static Resize upsample(NodeContext node) {
        float[] scales = null;
        if (node.version() < 9) {
            scales = node.getFloats("scales", null);
            if (scales == null) throw node.malformed("attribute 'scales' is required");
        }
        return new Resize(node, true, scales);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        if (!x.dtype().isFloatingPoint()) throw node.invalid("input 0 '" + node.node().inputs().get(0) + "': Jinn resizes float types, got " + x.dtype());
        int r = x.rank();
        int[] axes = normalizedAxes(r);
        Tensor roiT = legacy ? null : input(in, 1);
        Tensor scalesT = legacy ? input(in, 1) : input(in, 2);
        Tensor sizesT = legacy ? null : input(in, 3);
        double[] scale = new double[r];
        int[] outDims = x.shape().clone();
        Arrays.fill(scale, 1.0);
        if (sizesT != null) {
            if (sizesT.size() != axes.length) throw node.badShape(3, "[" + axes.length + "]", sizesT.shape());
            for (int i = 0; i < axes.length; i++) {
                long s = sizesT.getLong(i);
                if (s < 0 || s > Integer.MAX_VALUE) throw node.invalid("input 3 'sizes': bad size " + s);
                outDims[axes[i]] = (int) s;
                scale[axes[i]] = (double) s / x.dim(axes[i]);
            }
            if (!attrs.aspect.equals("stretch")) {
                double s = attrs.aspect.equals("not_larger") ? Double.MAX_VALUE : 0;
                for (int a : axes) s = attrs.aspect.equals("not_larger") ? Math.min(s, scale[a]) : Math.max(s, scale[a]);
                for (int a : axes) {
                    scale[a] = s;
                    double size = s * x.dim(a) + 0.5;
                if (size > Integer.MAX_VALUE) throw node.invalid("sizes make axis " + a + " " + size + " long");
                outDims[a] = (int) size;
                }
            }
        } else {
            float[] sc = attrs.fixedScales != null ? attrs.fixedScales : scalesT == null ? null : Tensors.floats(scalesT);
            if (sc == null) throw node.invalid("one of 'scales' and 'sizes' is required");
            if (sc.length != axes.length) throw node.invalid("'scales' has " + sc.length + " values for " + axes.length + " axes");
            for (int i = 0; i < axes.length; i++) {
                if (!(sc[i] > 0)) throw node.invalid("'scales' must be positive, got " + sc[i]);
                scale[axes[i]] = sc[i];
                double size = Math.floor(sc[i] * (double) x.dim(axes[i]));
                if (size > Integer.MAX_VALUE) throw node.invalid("scale " + sc[i] + " makes axis " + axes[i] + " " + size + " long");
                outDims[axes[i]] = (int) size;
            }
        }
        double[] roi = null;
        if (attrs.coordinates.equals("tf_crop_and_resize")) {
            if (roiT == null || roiT.size() != 2 * axes.length) throw node.invalid("tf_crop_and_resize needs 'roi' with " + 2 * axes.length + " values");
            roi = new double[2 * r];
            for (int d = 0; d < r; d++) roi[r + d] = 1;
            for (int i = 0; i < axes.length; i++) {
                roi[axes[i]] = roiT.getDouble(i);
                roi[r + axes[i]] = roiT.getDouble(axes.length + i);
            }
        }
        long count;
        try {
            count = Shapes.sizeExact(Arrays.stream(outDims).asLongStream().toArray());
        } catch (ArithmeticException e) {
            throw node.invalid("output shape " + Arrays.toString(outDims) + " is too large");
        }
        // Two passes may be live at once.
        ctx.reserve(node.describe() + ": output", x.dtype().byteSize(count) * 2);
        if (count > Integer.MAX_VALUE - 8) throw node.invalid("output shape " + Arrays.toString(outDims) + " exceeds a Java array");
        // Beside a zero, another axis may be long enough that its taps alone would not fit in memory.
        if (count == 0) return new Tensor[] {Tensor.zeros(x.dtype(), outDims)};
        float[] cur = null;
        int[] shape = x.shape().clone();
        for (int d = r - 1; d >= 0; d--) {
            Taps t = taps(shape[d], outDims[d], scale[d], roi == null ? 0 : roi[d], roi == null ? 1 : roi[r + d]);
            if (t.identity(shape[d])) continue;
            int outer = Shapes.size(shape, 0, d), inner = Shapes.size(shape, d + 1, r), inD = shape[d], outD = outDims[d];
            float[] src = cur == null ? Tensors.floats(x) : cur, dst = new float[outer * outD * inner];
            ctx.parallelFor(outer, (long) outD * inner * t.n, (from, to) ->
                    ResizeKernels.pass(src, inD, inner, outD, t.n, t.idx, t.w, t.outside, attrs.extrapolation, dst, from, to));
            cur = dst;
            shape[d] = outD;
        }
        return new Tensor[] {cur == null ? x : Tensors.fromFloats(cur, x.dtype(), shape)};
    }

    private static Tensor input(Tensor[] in, int i) {
        return i < in.length && in[i] != null && in[i].size() > 0 ? in[i] : null;
    }

    private int[] normalizedAxes(int r) {
        if (attrs.axes == null) {
            int[] all = new int[r];
            for (int i = 0; i < r; i++) all[i] = i;
            return all;
        }
        int[] a = new int[attrs.axes.length];
        for (int i = 0; i < a.length; i++) {
            try {
                a[i] = Shapes.normalizeAxis(attrs.axes[i], r);
            } catch (IllegalArgumentException e) {
                throw node.invalid("attribute 'axes': " + e.getMessage());
            }
        }
        return a;
    }

    /** Per output index: n taps of (input index, weight), or outside. */
    private record Taps(int n, int[] idx, float[] w, boolean[] outside) {
        /** Whether every output index reads exactly its own input index (the pass can be skipped). */
        boolean identity(int in) {
            if (outside != null || idx.length != in * n) return false;
            for (int j = 0; j < in; j++) {
                float sum = 0f;
                for (int t = 0; t < n; t++) {
                    if (w[j * n + t] == 0f) continue;
                    if (idx[j * n + t] != j) return false;
                    sum += w[j * n + t];
                }
                if (sum != 1f) return false;
            }
            return true;
        }
    }

    private Taps taps(int in, int out, double scale, double roiStart, double roiEnd) {
        double outWidth = scale * in;
        int n = switch (attrs.mode) {
            case "nearest" -> 2;
            case "linear" -> attrs.antialias && scale < 1 ? 2 - 2 * ((int) Math.floor(-1 / scale) + 1) : 2;
            default -> attrs.antialias && scale < 1 ? 2 - 2 * ((int) Math.floor(-2 / scale) + 1) : 4;
        };
        int[] idx = new int[out * n];
        float[] w = new float[out * n];
        boolean[] outside = attrs.coordinates.equals("tf_crop_and_resize") ? new boolean[out] : null;
        double[] c = new double[n];
        int pad = (n + 1) / 2;
        for (int j = 0; j < out; j++) {
            double xo = original(j, in, out, outWidth, scale, roiStart, roiEnd);
            if (outside != null && (xo < 0 || xo > in - 1)) {
                outside[j] = true;
                continue;
            }
            double base = Math.ceil(xo) - 1;
            double ratio = xo - base;
            coefficients(ratio, scale, c);
            int first = (int) Math.ceil(xo) - n / 2;
            first = Math.max(-pad, Math.min(first, in + pad - n));
            double sum = 0;
            for (int t = 0; t < n; t++) {
                int i = first + t;
                if (attrs.excludeOutside && (i < 0 || i >= in)) c[t] = 0;
                sum += c[t];
            }
            for (int t = 0; t < n; t++) {
                idx[j * n + t] = Math.max(0, Math.min(in - 1, first + t));
                w[j * n + t] = (float) (attrs.excludeOutside && sum != 0 ? c[t] / sum : c[t]);
            }
        }
        return new Taps(n, idx, w, outside);
    }

    private double original(int j, int in, int out, double outWidth, double scale, double roiStart, double roiEnd) {
        return switch (attrs.coordinates) {
            case "align_corners" -> outWidth == 1 ? 0 : j * (double) (in - 1) / (outWidth - 1);
            case "asymmetric" -> j / scale;
            case "tf_crop_and_resize" -> (outWidth == 1 ? (roiEnd - roiStart) * (in - 1) / 2
                    : j * (roiEnd - roiStart) * (in - 1) / (outWidth - 1)) + roiStart * (in - 1);
            case "pytorch_half_pixel" -> outWidth == 1 ? -0.5 : (j + 0.5) / scale - 0.5;
            case "half_pixel_symmetric" -> {
                double adjustment = out / outWidth;
                double offset = in / 2.0 * (1 - adjustment);
                yield offset + (j + 0.5) / scale - 0.5;
            }
            default -> (j + 0.5) / scale - 0.5;
        };
    }

    /** The reference's coefficient functions, for the fractional position {@code ratio} in (0, 1]. */
    private void coefficients(double ratio, double scale, double[] c) {
        switch (attrs.mode) {
            case "nearest" -> {
                boolean upper;
                if (ratio == 1) {
                    upper = true;
                } else {
                    upper = switch (attrs.nearest) {
                        case "round_prefer_floor" -> ratio > 0.5;
                        case "round_prefer_ceil" -> ratio >= 0.5;
                        case "floor" -> false;
                        case "ceil" -> true;
                        default -> scale < 1;
                    };
                }
                c[0] = upper ? 0 : 1;
                c[1] = upper ? 1 : 0;
            }
            case "linear" -> {
                if (c.length == 2 && !(attrs.antialias && scale < 1)) {
                    c[0] = 1 - ratio;
                    c[1] = ratio;
                } else {
                    double s = Math.min(scale, 1);
                    int start = (int) Math.floor(-1 / s) + 1;
                    double sum = 0;
                    for (int t = 0; t < c.length; t++) {
                        c[t] = Math.max(0, Math.min(1, 1 - Math.abs((start + t - ratio) * s)));
                        sum += c[t];
                    }
                    for (int t = 0; t < c.length; t++) c[t] /= sum;
                }
            }
            default -> {
                double a = attrs.cubicA;
                if (!(attrs.antialias && scale < 1)) {
                    double r1 = ratio + 1, q = 1 - ratio, q1 = q + 1;
                    c[0] = ((a * r1 - 5 * a) * r1 + 8 * a) * r1 - 4 * a;
                    c[1] = ((a + 2) * ratio - (a + 3)) * ratio * ratio + 1;
                    c[2] = ((a + 2) * q - (a + 3)) * q * q + 1;
                    c[3] = ((a * q1 - 5 * a) * q1 + 8 * a) * q1 - 4 * a;
                } else {
                    double s = Math.min(scale, 1);
                    int start = (int) Math.floor(-2 / s) + 1;
                    double sum = 0;
                    for (int t = 0; t < c.length; t++) {
                        double v = Math.abs(s * (start + t - ratio));
                        c[t] = v <= 1 ? (a + 2) * v * v * v - (a + 3) * v * v + 1
                                : v < 2 ? a * v * v * v - 5 * a * v * v + 8 * a * v - 4 * a : 0;
                        sum += c[t];
                    }
                    for (int t = 0; t < c.length; t++) c[t] /= sum;
                }
            }
        }
    }
}
