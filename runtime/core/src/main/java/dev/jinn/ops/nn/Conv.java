package dev.jinn.ops.nn;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.WindowShape;
import dev.jinn.kernels.conv.ConvKernel;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.ops.linalg.MatMuls;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.Arrays;

/**
 * Conv-1/11/22 over 1-D, 2-D and 3-D (any rank) images: per image and group, the input is unfolded
 * (im2col) into a [C/group * K, P] matrix and multiplied by the group's [M/group, C/group * K]
 * weights on the GEMM kernel. A 1x1 kernel with unit strides and no padding multiplies the image
 * directly; depthwise 2-D convolutions (one input channel per group) run a direct kernel. Float
 * types compute in float32.
 */
public final class Conv implements Op {
    private final NodeContext node;
    private final Windows windows;
    private final int group;

    public Conv(NodeContext node) {
        this.node = node;
        this.windows = Windows.read(node, false);
        this.group = Math.toIntExact(node.getInt("group", 1));
        if (group <= 0) throw node.malformed("attribute 'group' must be positive, got " + group);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0], w = in[1];
        Tensor b = in.length > 2 ? in[2] : null;
        if (!x.dtype().isFloatingPoint()) throw node.invalid("input 0 '" + node.node().inputs().get(0) + "': expected a float type, got " + x.dtype());
        if (x.rank() < 3) throw node.badShape(0, "[N, C, D1, ...]", x.shape());
        int r = x.rank() - 2;
        if (w.rank() != x.rank()) throw node.badShape(1, "rank " + x.rank() + " like X", w.shape());
        int n = x.dim(0), c = x.dim(1), m = w.dim(0), cg = w.dim(1);
        if (cg * group != c) throw node.badShape(1, "[M, " + c + "/" + group + ", ...] for X " + Arrays.toString(x.shape()) + " and group " + group, w.shape());
        if (m % group != 0) throw node.badShape(1, "M divisible by group " + group, w.shape());
        if (b != null && (b.rank() != 1 || b.dim(0) != m)) throw node.badShape(2, "[" + m + "]", b.shape());
        int[] spatial = Arrays.copyOfRange(x.shape(), 2, x.rank());
        Windows.Geometry g = windows.geometry(node, spatial, Arrays.copyOfRange(w.shape(), 2, w.rank()));
        WindowShape s = g.shape();
        int[] outShape = new int[x.rank()];
        outShape[0] = n;
        outShape[1] = m;
        System.arraycopy(s.out(), 0, outShape, 2, r);
        int p = s.outSize(), plane = s.inSize(), k = s.kernelSize(), mg = m / group, rows = cg * k;
        ctx.reserve(node.describe() + ": output", x.dtype().byteSize((long) n * m * p));
        float[] xs = Tensors.floats(x), ws = Tensors.floats(w);
        if (cg == 1 && r == 2) {
            // Depthwise: one input channel per group, where a GEMM of one row would waste the kernel.
            float[] y = new float[Math.multiplyExact(Math.multiplyExact(n, m), p)];
            float[] bs = b == null ? null : Tensors.floats(b);
            for (int img = 0; img < n; img++) {
                int xOff = img * c * plane, yOff = img * m * p;
                ctx.parallelFor(m, (long) p * k, (from, to) -> Kernels.conv().depthwise2d(xs, xOff, s, m / group, ws, bs, y, yOff, from, to));
            }
            return new Tensor[] {Tensors.fromFloats(y, x.dtype(), outShape)};
        }
        float[] y = new float[Math.multiplyExact(Math.multiplyExact(n, m), p)];
        if (b != null) {
            float[] bs = Tensors.floats(b);
            for (int i = 0; i < n * m; i++) Arrays.fill(y, i * p, (i + 1) * p, bs[i % m]);
        }
        boolean direct = k == 1 && Arrays.stream(s.strides()).allMatch(v -> v == 1)
                && Arrays.stream(s.padBegin()).allMatch(v -> v == 0) && p == plane;
        float[] col = null;
        if (!direct) {
            ctx.reserve(node.describe() + ": im2col buffer", 4L * rows * p);
            col = new float[Math.multiplyExact(rows, p)];
        }
        for (int img = 0; img < n; img++) {
            for (int gi = 0; gi < group; gi++) {
                int xOff = (img * c + gi * cg) * plane;
                MatMuls.B cols;
                if (direct) {
                    cols = MatMuls.B.of(xs, xOff, plane, 1, cg, p);
                } else {
                    float[] cb = col;
                    ctx.parallelFor(rows, p, (from, to) -> ConvKernel.im2col(xs, xOff, s, cb, from, to));
                    cols = MatMuls.B.of(cb, 0, p, 1, rows, p);
                }
                MatMuls.multiply(ctx, mg, 1f, ws, gi * mg * rows, rows, 1, cols, y, (img * m + gi * mg) * p, p, b != null);
            }
        }
        return new Tensor[] {Tensors.fromFloats(y, x.dtype(), outShape)};
    }
}
