package dev.jinn.ops.nn;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.WindowShape;
import dev.jinn.kernels.conv.ConvKernel;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.ops.linalg.MatMuls;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.Arrays;

/**
 * ConvTranspose-1/11/22, the adjoint of Conv: per image and group, the group's weights transposed
 * ([M/group * K, C/group]) multiply the input ([C/group, P]) on the GEMM kernel, and col2im adds
 * each column back onto the output image. The output size comes from output_shape when given
 * (pads then follow from it, split by auto_pad), else from strides, kernel, dilations, pads and
 * output_padding.
 */
public final class ConvTranspose implements Op {
    private final NodeContext node;
    private final Windows windows;
    private final int group;
    private final long[] outputPadding;
    private final long[] outputShape;

    public ConvTranspose(NodeContext node) {
        this.node = node;
        this.windows = Windows.read(node, false);
        this.group = Math.toIntExact(node.getInt("group", 1));
        if (group <= 0) throw node.malformed("attribute 'group' must be positive, got " + group);
        this.outputPadding = node.getInts("output_padding", null);
        this.outputShape = node.getInts("output_shape", null);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0], w = in[1];
        Tensor b = in.length > 2 ? in[2] : null;
        if (!x.dtype().isFloatingPoint()) throw node.invalid("input 0 '" + node.node().inputs().get(0) + "': expected a float type, got " + x.dtype());
        if (x.rank() < 3) throw node.badShape(0, "[N, C, D1, ...]", x.shape());
        if (w.rank() != x.rank()) throw node.badShape(1, "rank " + x.rank() + " like X", w.shape());
        int r = x.rank() - 2;
        int n = x.dim(0), c = x.dim(1), mg = w.dim(1), m = mg * group;
        if (w.dim(0) != c || c % group != 0) throw node.badShape(1, "[" + c + ", M/group, ...] with C divisible by group " + group, w.shape());
        if (b != null && (b.rank() != 1 || b.dim(0) != m)) throw node.badShape(2, "[" + m + "]", b.shape());
        int cg = c / group;
        int[] inSp = Arrays.copyOfRange(x.shape(), 2, x.rank());
        int[] k = windows.kernel() != null ? windows.kernel() : Arrays.copyOfRange(w.shape(), 2, w.rank());
        int[] s = ones(windows.strides(), r), d = ones(windows.dilations(), r);
        if (k.length != r || s.length != r || d.length != r) throw node.invalid("kernel_shape, strides and dilations need " + r + " values");
        int[] outSp = new int[r], pb = new int[r];
        for (int i = 0; i < r; i++) {
            int op = outputPadding == null ? 0 : Math.toIntExact(outputPadding[outputPadding.length - r + i]);
            long full = (long) s[i] * (inSp[i] - 1) + op + (long) (k[i] - 1) * d[i] + 1;
            if (outputShape != null || !windows.autoPad().equals("NOTSET") && !windows.autoPad().equals("VALID")) {
                long target = outputShape != null ? outputShape[outputShape.length - r + i] : (long) inSp[i] * s[i];
                long total = Math.max(0, full - target);
                boolean upper = windows.autoPad().equals("SAME_UPPER");
                // ONNX puts the odd pad at the end for SAME_UPPER, at the start otherwise; a target
                // beyond the full size (no padding left) is reached with zeros at the end, as in ORT.
                pb[i] = (int) (upper ? total / 2 : total - total / 2);
                outSp[i] = Math.toIntExact(target);
            } else {
                int begin = windows.pads() == null || windows.autoPad().equals("VALID") ? 0 : windows.pads()[i];
                int end = windows.pads() == null || windows.autoPad().equals("VALID") ? 0 : windows.pads()[i + r];
                pb[i] = begin;
                outSp[i] = Math.toIntExact(full - begin - end);
            }
            if (outSp[i] < 0) throw node.invalid("output spatial dim " + i + " would be " + outSp[i]);
        }
        WindowShape sh = new WindowShape(outSp, k, s, d, pb, inSp);
        int p = sh.outSize(), plane = sh.inSize(), kk = sh.kernelSize(), rows = mg * kk;
        int[] outShape = new int[x.rank()];
        outShape[0] = n;
        outShape[1] = m;
        System.arraycopy(outSp, 0, outShape, 2, r);
        ctx.reserve(node.describe() + ": output", x.dtype().byteSize((long) n * m * plane));
        ctx.reserve(node.describe() + ": column buffer", 4L * rows * p);
        float[] xs = Tensors.floats(x), ws = Tensors.floats(w);
        float[] y = new float[Math.multiplyExact(Math.multiplyExact(n, m), plane)];
        float[] col = new float[Math.multiplyExact(rows, p)];
        for (int img = 0; img < n; img++) {
            for (int gi = 0; gi < group; gi++) {
                MatMuls.multiply(ctx, rows, 1f, ws, gi * cg * rows, 1, rows,
                        MatMuls.B.of(xs, (img * c + gi * cg) * p, p, 1, cg, p), col, 0, p, false);
                int yOff = (img * m + gi * mg) * plane;
                ctx.parallelFor(mg, (long) kk * p, (from, to) -> ConvKernel.col2im(col, sh, y, yOff, from * kk, to * kk));
            }
        }
        if (b != null) {
            float[] bs = Tensors.floats(b);
            for (int i = 0; i < n * m; i++) {
                float bv = bs[i % m];
                for (int j = i * plane; j < (i + 1) * plane; j++) y[j] += bv;
            }
        }
        return new Tensor[] {Tensors.fromFloats(y, x.dtype(), outShape)};
    }

    private static int[] ones(int[] v, int r) {
        if (v != null) return v;
        int[] o = new int[r];
        Arrays.fill(o, 1);
        return o;
    }
}
