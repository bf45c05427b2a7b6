package dev.jinn.ops.nn;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.WindowShape;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.Arrays;

/**
 * MaxPool-1/8/10/11/12/22 and AveragePool-1/7/10/11/19/22 over N-D images, one thread per group of
 * channel planes. Attributes absent from older versions keep their defaults (no dilations, floor
 * mode), so one class serves every version. MaxPool's optional Indices output (from 8) is the flat
 * index of each maximum, its spatial part column-major when storage_order is 1. 8-bit integer
 * inputs (MaxPool-12) pool exactly through float32.
 */
public final class Pool implements Op {
    private final NodeContext node;
    private final Windows windows;
    private final boolean max;
    private final boolean countIncludePad;
    private final boolean columnMajor;

    private Pool(NodeContext node, boolean max) {
        this.node = node;
        this.max = max;
        this.windows = Windows.read(node, true);
        this.countIncludePad = node.getInt("count_include_pad", 0) != 0;
        this.columnMajor = node.getInt("storage_order", 0) != 0;
    }

    public static Pool maxPool(NodeContext node) {
        return new Pool(node, true);
    }

    public static Pool averagePool(NodeContext node) {
        return new Pool(node, false);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        DataType t = x.dtype();
        boolean int8 = t == DataType.UINT8 || t == DataType.INT8;
        if (!t.isFloatingPoint() && !(max && int8)) {
            throw node.invalid("input 0 '" + node.node().inputs().get(0) + "': " + node.node().opType() + " does not take " + t);
        }
        if (x.rank() < 3) throw node.badShape(0, "[N, C, D1, ...]", x.shape());
        int planes = x.dim(0) * x.dim(1);
        Windows.Geometry g = windows.geometry(node, Arrays.copyOfRange(x.shape(), 2, x.rank()), null);
        WindowShape s = g.shape();
        int p = s.outSize(), plane = s.inSize();
        int[] outShape = x.shape().clone();
        System.arraycopy(s.out(), 0, outShape, 2, s.out().length);
        ctx.reserve(node.describe() + ": output", 8L * planes * p);
        float[] xs = int8 ? widen(x) : Tensors.floats(x);
        float[] y = new float[Math.multiplyExact(planes, p)];
        long[] idx = max && node.wantsOutput(1) ? new long[Math.multiplyExact(planes, p)] : null;
        ctx.parallelFor(planes, (long) p * s.kernelSize(), (from, to) -> {
            if (max) Kernels.pool().maxPool(xs, s, from, to, y, idx, columnMajor);
            else Kernels.pool().averagePool(xs, s, g.padEnd(), countIncludePad, from, to, y);
        });
        Tensor out = int8 ? narrow(y, t, outShape) : Tensors.fromFloats(y, t, outShape);
        return idx == null ? new Tensor[] {out} : new Tensor[] {out, Tensor.wrap(DataType.INT64, outShape, idx)};
    }

    private static float[] widen(Tensor x) {
        float[] f = new float[x.size()];
        for (int i = 0; i < f.length; i++) f[i] = x.getLong(i);
        return f;
    }

    private static Tensor narrow(float[] y, DataType t, int[] shape) {
        byte[] b = new byte[y.length];
        for (int i = 0; i < y.length; i++) b[i] = (byte) (int) y[i];
        return Tensor.wrap(t, shape, b);
    }
}
