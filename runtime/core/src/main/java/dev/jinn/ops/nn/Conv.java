package dev.jinn.ops.nn;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.WindowShape;
import dev.jinn.kernels.conv.Im2colPacker;
import dev.jinn.kernels.conv.ShiftedRows;
import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.kernels.gemm.GemmKernel;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.ops.math.Add;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.Arrays;

/**
 * Conv-1/11/22 over 1-D, 2-D and 3-D (any rank) images: per image and group, the group's
 * [M/group, C/group * K] weights (packed once when constant) multiply the input unfolded into a
 * [C/group * K, P] matrix, which the GEMM kernel packs a block at a time ({@link Im2colPacker}) and
 * never stores whole. Depthwise 2-D convolutions (one input channel per group) run a direct kernel.
 * Float types compute in float32. As ONNX Runtime's com.microsoft FusedConv, it also adds an input Z
 * and applies an {@link Activation} to each finished tile while it is in cache.
 */
public final class Conv implements Op {
    private final NodeContext node;
    private final Windows windows;
    private final int group;
    /** A constant weight, packed once here for the GEMM kernel; null where W is computed at run time. */
    private final PackedWeight weight;

    /** The weight tensor and, per group, its [M/group, C/group * K] block packed as the GEMM's A. */
    private record PackedWeight(Tensor tensor, GemmKernel kernel, GemmKernel.PackedA[] groups) {
        boolean matches(Tensor w, GemmKernel k) {
            return w == tensor && k == kernel;
        }
    }

    /** ONNX Runtime's com.microsoft FusedConv's activation; null for Conv, or where it names none. */
    private final Activation activation;
    /** FusedConv's Z where it cannot join the tiles: an Add as the graph had it. Null for Conv. */
    private final Add residual;

    public Conv(NodeContext node) {
        this(node, null);
    }

    /** com.microsoft FusedConv-1: Conv, plus an optional Z of Y's shape, then the activation. */
    public static Conv fused(NodeContext node) {
        return new Conv(node, Activation.read(node));
    }

    private Conv(NodeContext node, Activation activation) {
        this.node = node;
        this.activation = activation;
        this.residual = node.node().opType().equals("FusedConv") ? new Add(node) : null;
        this.windows = Windows.read(node, false);
        this.group = Math.toIntExact(node.getInt("group", 1));
        if (group <= 0) throw node.malformed("attribute 'group' must be positive, got " + group);
        Tensor w = node.constantInput(1);
        // Depthwise 2-D weights go to their own kernel as they are.
        if (w != null && w.dtype().isFloatingPoint() && w.rank() >= 3 && w.dim(0) % group == 0
                && !(w.dim(1) == 1 && w.rank() == 4)) {
            int mg = w.dim(0) / group, rows = w.size() / w.dim(0);
            GemmKernel gk = Kernels.gemm();
            weight = new PackedWeight(w, gk, packWeights(gk, Tensors.floats(w), group, mg, rows));
        } else {
            weight = null;
        }
    }

    private static GemmKernel.PackedA[] packWeights(GemmKernel gk, float[] ws, int group, int mg, int rows) {
        GemmKernel.PackedA[] g = new GemmKernel.PackedA[group];
        for (int gi = 0; gi < group; gi++) {
            g[gi] = gk.packA(ws, gi * mg * rows, rows, 1, mg, rows, new float[gk.packedASize(mg, rows)]);
        }
        return g;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0], w = in[1];
        Tensor b = in.length > 2 ? in[2] : null;
        Tensor z = in.length > 3 ? in[3] : null;
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
        ctx.reserve(node.describe() + ": output", x.dtype().byteSize((long) n * m * s.outSize()));
        // A Z of another shape (which a fused residual Add may meet) is added after, with broadcasting.
        boolean zInTiles = z == null || Arrays.equals(z.shape(), outShape);
        GemmKernel.Epilogue epilogue = zInTiles ? epilogue(z == null ? null : Tensors.floats(z)) : null;
        float[] y = convolve(x, w, b, s, epilogue, ctx);
        Tensor out = Tensors.fromFloats(y, x.dtype(), outShape);
        return new Tensor[] {zInTiles ? out : addAfterwards(out, z, ctx)};
    }

    /** Y, with the epilogue (Z of Y's shape, the activation, or null) applied to each finished tile. */
    private float[] convolve(Tensor x, Tensor w, Tensor b, WindowShape s, GemmKernel.Epilogue epilogue,
                             ExecContext ctx) {
        int r = x.rank() - 2;
        int n = x.dim(0), c = x.dim(1), m = w.dim(0), cg = w.dim(1);
        int p = s.outSize(), plane = s.inSize(), k = s.kernelSize(), mg = m / group, rows = cg * k;
        float[] xs = Tensors.floats(x);
        if (cg == 1 && r == 2) {
            // Depthwise: one input channel per group, where a GEMM of one row would waste the kernel.
            float[] y = x.dtype() == DataType.FLOAT ? ctx.outputFloats(Math.multiplyExact(Math.multiplyExact(n, m), p))
                : new float[Math.multiplyExact(Math.multiplyExact(n, m), p)];
            float[] bs = b == null ? null : Tensors.floats(b), ws = Tensors.floats(w);
            for (int img = 0; img < n; img++) {
                int xOff = img * c * plane, yOff = img * m * p;
                ctx.parallelFor(m, (long) p * k, (from, to) -> {
                    Kernels.conv().depthwise2d(xs, xOff, s, m / group, ws, bs, y, yOff, from, to);
                    if (epilogue != null) for (int o = from; o < to; o++) epilogue.apply(y, yOff + o * p, p);
                });
            }
            return y;
        }
        float[] y = x.dtype() == DataType.FLOAT ? ctx.outputFloats(Math.multiplyExact(Math.multiplyExact(n, m), p))
                : new float[Math.multiplyExact(Math.multiplyExact(n, m), p)];
        GemmKernel gk = Kernels.gemm();
        GemmKernel.PackedA[] wp = weight != null && weight.matches(w, gk) ? weight.groups() : packWeights(gk, Tensors.floats(w), group, mg, rows);
        float[] bs = b == null ? null : Tensors.floats(b);
        // Unit strides read B where it lies, in the padded image (ShiftedRows); others pack it.
        boolean shifted = r <= 2 && Arrays.stream(s.strides()).allMatch(v -> v == 1);
        int ow = s.out()[r - 1], jobs = Math.multiplyExact(n, group);
        ShiftedRows[] images = new ShiftedRows[jobs];
        // Otherwise B is each group's image unfolded a block at a time, straight into the GEMM's panels.
        Im2colPacker[] packers = new Im2colPacker[jobs];
        Im2colPacker layout = shifted ? null : new Im2colPacker(xs, 0, s);
        for (int j = 0; j < jobs; j++) {
            int xOff = (j / group * c + j % group * cg) * plane;
            if (shifted) images[j] = new ShiftedRows(xs, xOff, cg, s, gk.slack());
            else packers[j] = layout.at(xOff);
        }
        int pn = shifted ? images[0].n : p;
        // Output over the padded width where it is wider, then its rows without the discarded columns.
        boolean wide = shifted && images[0].pitch != ow;
        float[] out = wide ? new float[Math.multiplyExact(jobs, Math.multiplyExact(mg, pn))] : y;
        int ld = wide ? pn : p;
        // One parallel loop over every image, group and tile: a grouped convolution of a small map
        // has a few tiles per group, and a fork and join per group cost more than they shared.
        int tileRows = gk.packingBRows(mg, pn, Math.max(1, ctx.threads() / jobs));
        int tiles = gk.packingBTiles(mg, pn, tileRows);
        float[][] starts = new float[group][];
        for (int gi = 0; gi < group && bs != null; gi++) starts[gi] = Arrays.copyOfRange(bs, gi * mg, (gi + 1) * mg);
        GemmKernel.Epilogue inTile = wide ? null : epilogue;
        ctx.parallelFor(Math.multiplyExact(jobs, tiles), gk.packingBTileWork(tileRows, pn, rows), (from, to) -> {
            for (int t = from; t < to; t++) {
                int j = t / tiles, tile = t % tiles, gi = j % group;
                int outOff = wide ? j * mg * pn : (j / group * m + gi * mg) * p;
                if (shifted) {
                    ShiftedRows im = images[j];
                    gk.gemmIndirectB(wp[gi], pn, im.b, im.rowOff, out, outOff, ld, starts[gi], inTile, tileRows, tile, tile + 1);
                } else {
                    gk.gemmPackingB(wp[gi], p, packers[j], out, outOff, ld, starts[gi], inTile, tileRows, tile, tile + 1);
                }
            }
        });
        if (wide) {
            int oh = p / ow, pitch = images[0].pitch;
            ctx.parallelFor(Math.multiplyExact(jobs, mg), p, (from, to) -> {
                for (int row = from; row < to; row++) {
                    // Row o of job j is output channel (j % group) * mg + o of image j / group.
                    int yRow = ((row / mg / group) * m + (row / mg % group) * mg + row % mg) * p;
                    for (int oy = 0; oy < oh; oy++) System.arraycopy(out, row * pn + oy * pitch, y, yRow + oy * ow, ow);
                    if (epilogue != null) epilogue.apply(y, yRow, p);
                }
            });
        }
        return y;
    }

    /** Y + Z with numpy broadcasting, then the activation. */
    private Tensor addAfterwards(Tensor y, Tensor z, ExecContext ctx) {
        Tensor sum = residual.apply(y, z, ctx);
        if (activation == null) return sum;
        float[] f = Tensors.floats(sum);
        activation.apply(f, 0, f.length);
        return Tensors.fromFloats(f, sum.dtype(), sum.shape());
    }

    /** Z added (at Y's offsets, Z having Y's shape), then the activation; null where there is neither. */
    private GemmKernel.Epilogue epilogue(float[] z) {
        if (z == null) return activation;
        return (c, off, len) -> {
            Kernels.elementwise().arith(ElementwiseKernel.Arith.ADD, c, off, 1, z, off, 1, c, off, len);
            if (activation != null) activation.apply(c, off, len);
        };
    }
}
