package dev.jinn.ops.linalg;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.Arrays;

/**
 * MatMul-1/9/13: numpy matmul. A 1-D A gains a leading 1 and a 1-D B a trailing 1, both dropped
 * from the result; the leading (batch) dims broadcast. Float types run on the packed float32 kernel
 * (a constant 2-D B is packed once, here); double and the integer types (wrapping, as in C) run a
 * plain loop.
 *
 * <p>Also Jinn's {@code ai.jinn::MatMulAdd(A, B, bias)}, which the optimizer makes of
 * {@code Add(MatMul(A, B), bias)} for a 1-D bias of N values: the float kernel starts each output
 * row from the bias instead of from zero, which saves the Add's pass over the product.
 */
public final class MatMul implements Op {
    private final NodeContext node;
    /** B packed when it is a constant 2-D float weight; null otherwise. */
    private final MatMuls.B weight;
    private final Tensor weightTensor;

    public MatMul(NodeContext node) {
        this.node = node;
        Tensor w = node.constantInput(1);
        if (w != null && w.rank() == 2 && isFloat(w.dtype())) {
            weightTensor = w;
            // M is unknown until run time; assume enough rows that packing pays.
            weight = MatMuls.B.of(Tensors.floats(w), 0, w.dim(1), 1, w.dim(0), w.dim(1)).prepared(64);
        } else {
            weightTensor = null;
            weight = null;
        }
    }

    static boolean isFloat(DataType t) {
        return t == DataType.FLOAT || t == DataType.FLOAT16 || t == DataType.BFLOAT16;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor a = in[0], b = in[1];
        if (a.dtype() != b.dtype()) {
            throw node.invalid("input 1 '" + node.node().inputs().get(1) + "': expected " + a.dtype() + " like input 0, got " + b.dtype());
        }
        if (a.rank() == 0 || b.rank() == 0) throw node.invalid("MatMul needs inputs of rank 1 or more, got scalars");
        int[] as = a.rank() == 1 ? new int[] {1, a.dim(0)} : a.shape();
        int[] bs = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.shape();
        int m = as[as.length - 2], k = as[as.length - 1], n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw node.badShape(1, "[..., " + k + ", N] to match input 0 " + Arrays.toString(a.shape()), b.shape());
        }
        int[] batchA = Arrays.copyOf(as, as.length - 2), batchB = Arrays.copyOf(bs, bs.length - 2);
        int[] batch;
        try {
            batch = Shapes.broadcast(batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw node.invalid("batch dims " + Arrays.toString(batchA) + " and " + Arrays.toString(batchB) + " do not broadcast");
        }
        int[] outShape = outShape(batch, m, n, a.rank() == 1, b.rank() == 1);
        int batches = Shapes.size(batch);
        long count = (long) batches * m * n;
        ctx.reserve(node.describe() + ": output", a.dtype().byteSize(count));
        if (count > Integer.MAX_VALUE - 8) throw node.invalid("output of " + count + " elements exceeds a Java array");
        int[] offA = batchOffsets(batch, batchA, m * k), offB = batchOffsets(batch, batchB, k * n);
        Tensor bias = in.length > 2 ? in[2] : null;
        if (bias != null && (bias.dtype() != a.dtype() || bias.rank() != 1 || bias.dim(0) != n)) {
            throw node.invalid("input 2 '" + node.node().inputs().get(2) + "': expected a bias of " + a.dtype() + "[" + n + "], got "
                    + bias.dtype() + Arrays.toString(bias.shape()));
        }

        DataType t = a.dtype();
        if (isFloat(t)) {
            float[] av = Tensors.floats(a);
            float[] c = t == DataType.FLOAT ? ctx.outputFloats((int) count) : new float[(int) count];
            boolean useWeight = weight != null && b == weightTensor;
            if (Shapes.size(batchB) == 1) {
                // B is shared: fold every batch of A into the rows of one product.
                MatMuls.B bv = useWeight ? weight : MatMuls.B.of(Tensors.floats(b), 0, n, 1, k, n);
                MatMuls.multiply(ctx, batches * m, 1f, av, 0, k, 1, bv, c, 0, n, false, bias == null ? null : Tensors.floats(bias));
                return new Tensor[] {Tensors.fromFloats(c, t, outShape)};
            } else if (batches >= ctx.threads()) {
                // Many small products (attention heads): one thread per batch item. Splitting each
                // product instead wakes the pool once per item and packs every B on the calling thread.
                float[] bvals = Tensors.floats(b);
                ExecContext one = ExecContext.singleThreaded();
                ctx.parallelFor(batches, (long) m * n * k, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        MatMuls.multiply(one, m, 1f, av, offA[i], k, 1, MatMuls.B.of(bvals, offB[i], n, 1, k, n), c, i * m * n, n, false);
                    }
                });
            } else {
                float[] bvals = Tensors.floats(b);
                for (int i = 0; i < batches; i++) {
                    MatMuls.multiply(ctx, m, 1f, av, offA[i], k, 1, MatMuls.B.of(bvals, offB[i], n, 1, k, n), c, i * m * n, n, false);
                }
            }
            if (bias != null) {
                float[] biasValues = Tensors.floats(bias);
                for (int i = 0; i < c.length; i++) c[i] += biasValues[i % n];
            }
            return new Tensor[] {Tensors.fromFloats(c, t, outShape)};
        }
        switch (t) {
            case DOUBLE -> {
                double[] av = a.doubles(), bv = b.doubles(), c = new double[(int) count];
                for (int i = 0; i < batches; i++) {
                    int ao = offA[i], bo = offB[i], co = i * m * n;
                    ctx.parallelFor(m, (long) n * k, (from, to) -> {
                        for (int r = from; r < to; r++) {
                            for (int j = 0; j < n; j++) {
                                double acc = 0;
                                for (int p = 0; p < k; p++) acc += av[ao + r * k + p] * bv[bo + p * n + j];
                                c[co + r * n + j] = acc;
                            }
                        }
                    });
                }
                if (bias != null) for (int i = 0; i < c.length; i++) c[i] += bias.getDouble(i % n);
                return new Tensor[] {Tensor.wrap(t, outShape, c)};
            }
            case INT32, INT64, UINT32, UINT64 -> {
                long[] c = new long[(int) count];
                for (int i = 0; i < batches; i++) {
                    int ao = offA[i], bo = offB[i], co = i * m * n;
                    for (int r = 0; r < m; r++) {
                        for (int j = 0; j < n; j++) {
                            long acc = 0;
                            for (int p = 0; p < k; p++) acc += a.getLong(ao + r * k + p) * b.getLong(bo + p * n + j);
                            c[co + r * n + j] = acc;
                        }
                    }
                }
                if (bias != null) for (int i = 0; i < c.length; i++) c[i] += bias.getLong(i % n);
                return new Tensor[] {narrowLongs(c, t, outShape)};
            }
            default -> throw node.invalid("input 0 '" + node.node().inputs().get(0) + "': MatMul does not take " + t);
        }
    }

    private static Tensor narrowLongs(long[] c, DataType t, int[] shape) {
        if (t == DataType.INT64 || t == DataType.UINT64) return Tensor.wrap(t, shape, c);
        int[] v = new int[c.length];
        for (int i = 0; i < c.length; i++) v[i] = (int) c[i];
        return Tensor.wrap(t, shape, v);
    }

    private static int[] outShape(int[] batch, int m, int n, boolean dropM, boolean dropN) {
        int[] s = Arrays.copyOf(batch, batch.length + (dropM ? 0 : 1) + (dropN ? 0 : 1));
        int at = batch.length;
        if (!dropM) s[at++] = m;
        if (!dropN) s[at] = n;
        return s;
    }

    /** Element offset of each output batch's matrix inside an operand whose batch dims broadcast to {@code batch}. */
    static int[] batchOffsets(int[] batch, int[] own, int matrixSize) {
        int count = Shapes.size(batch);
        int[] offs = new int[count];
        int rank = batch.length;
        int[] ownStrides = Shapes.strides(own);
        int[] idx = new int[rank];
        for (int i = 0; i < count; i++) {
            int off = 0;
            for (int d = 0; d < rank; d++) {
                int od = d - (rank - own.length);
                if (od >= 0 && own[od] != 1) off += idx[d] * ownStrides[od];
            }
            offs[i] = off * matrixSize;
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < batch[d]) break;
                idx[d] = 0;
            }
        }
        return offs;
    }
}
