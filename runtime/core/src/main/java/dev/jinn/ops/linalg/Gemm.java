package dev.jinn.ops.linalg;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.Arrays;

/**
 * Gemm-1/6/7/9/11/13: Y = alpha * A' * B' + beta * C, A' = transA ? A^T : A (M x K), B' likewise (K x N),
 * C broadcast to M x N (optional from 11; before 7 the broadcast attribute only allowed what 7 allows). A constant B is packed once, here. As in ONNX Runtime, C
 * is not read when beta is 0.
 */
public final class Gemm implements Op {
    record Attrs(float alpha, float beta, boolean transA, boolean transB) {}

    private final NodeContext node;
    private final Attrs attrs;
    private final Tensor weightTensor;
    private final MatMuls.B weight;

    public Gemm(NodeContext node) {
        this.node = node;
        this.attrs = new Attrs(node.getFloat("alpha", 1f), node.getFloat("beta", 1f),
                node.getInt("transA", 0) != 0, node.getInt("transB", 0) != 0);
        Tensor w = node.constantInput(1);
        if (w != null && w.rank() == 2 && MatMul.isFloat(w.dtype())) {
            weightTensor = w;
            weight = operandB(Tensors.floats(w), w.shape()).prepared(64);
        } else {
            weightTensor = null;
            weight = null;
        }
    }

    private MatMuls.B operandB(float[] data, int[] shape) {
        return attrs.transB ? MatMuls.B.of(data, 0, 1, shape[1], shape[1], shape[0])
                : MatMuls.B.of(data, 0, shape[1], 1, shape[0], shape[1]);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor a = in[0], b = in[1];
        Tensor c = in.length > 2 ? in[2] : null;
        if (a.rank() != 2) throw node.badShape(0, "rank 2", a.shape());
        if (b.rank() != 2) throw node.badShape(1, "rank 2", b.shape());
        if (b.dtype() != a.dtype()) {
            throw node.invalid("input 1 '" + node.node().inputs().get(1) + "': expected " + a.dtype() + " like input 0, got " + b.dtype());
        }
        int m = attrs.transA ? a.dim(1) : a.dim(0), k = attrs.transA ? a.dim(0) : a.dim(1);
        int kb = attrs.transB ? b.dim(1) : b.dim(0), n = attrs.transB ? b.dim(0) : b.dim(1);
        if (kb != k) throw node.badShape(1, (attrs.transB ? "[N, " + k + "]" : "[" + k + ", N]"), b.shape());
        int[] outShape = {m, n};
        ctx.reserve(node.describe() + ": output", a.dtype().byteSize((long) m * n));
        if ((long) m * n > Integer.MAX_VALUE - 8) throw node.invalid("output [" + m + ", " + n + "] exceeds a Java array");
        boolean withC = c != null && attrs.beta != 0f;
        DataType t = a.dtype();
        if (MatMul.isFloat(t)) {
            float[] y;
            if (withC) {
                y = broadcastC(c, outShape).clone();
                if (attrs.beta != 1f) for (int i = 0; i < y.length; i++) y[i] *= attrs.beta;
            } else {
                y = new float[m * n];
            }
            float[] av = Tensors.floats(a);
            MatMuls.B bv = weight != null && b == weightTensor ? weight : operandB(Tensors.floats(b), b.shape());
            MatMuls.multiply(ctx, m, attrs.alpha, av, 0, attrs.transA ? 1 : k, attrs.transA ? m : 1, bv, y, 0, n, withC);
            return new Tensor[] {Tensors.fromFloats(y, t, outShape)};
        }
        if (t != DataType.DOUBLE) throw node.invalid("input 0 '" + node.node().inputs().get(0) + "': Jinn's Gemm takes float types, got " + t);
        double[] av = a.doubles(), bv = b.doubles();
        double[] cv = withC ? Tensors.doubles(c) : null;
        int[] cs = withC ? c.shape() : null;
        double[] y = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    acc += av[attrs.transA ? p * m + i : i * k + p] * bv[attrs.transB ? j * k + p : p * n + j];
                }
                double v = attrs.alpha * acc;
                if (withC) v += attrs.beta * cv[cIndex(cs, i, j)];
                y[i * n + j] = v;
            }
        }
        return new Tensor[] {Tensor.wrap(t, outShape, y)};
    }

    private float[] broadcastC(Tensor c, int[] target) {
        try {
            return Tensors.expandFloats(c, target);
        } catch (IllegalArgumentException e) {
            throw node.badShape(2, "unidirectionally broadcastable to " + Arrays.toString(target), c.shape());
        }
    }

    private int cIndex(int[] cs, int i, int j) {
        int r = cs.length == 2 ? (cs[0] == 1 ? 0 : i) : 0;
        int col = cs.length == 0 ? 0 : (cs[cs.length - 1] == 1 ? 0 : j);
        int ldc = cs.length == 0 ? 0 : cs[cs.length - 1];
        return r * ldc + col;
    }
}
