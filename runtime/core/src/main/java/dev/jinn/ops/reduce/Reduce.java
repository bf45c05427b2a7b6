package dev.jinn.ops.reduce;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Broadcast;
import dev.jinn.kernels.reduce.Reductions.Reduction;
import dev.jinn.kernels.reduce.Reductions;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.ops.math.Cast;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;

/**
 * The reduction engine behind every Reduce* op. Axes come from the {@code axes} attribute until the
 * version where they became optional input 1 (ReduceSum-13, the others 18), which also brought
 * {@code noop_with_empty_axes}: with it, empty axes leave the input as it is instead of reducing all.
 */
public abstract class Reduce implements Op {
    record Attrs(long[] axes, boolean keepdims, boolean noopWithEmptyAxes, boolean axesInput) {}

    private final NodeContext node;
    private final Reduction reduction;
    private final Attrs attrs;

    protected Reduce(NodeContext node, Reduction reduction, int axesInputSince) {
        this.node = node;
        this.reduction = reduction;
        boolean axesInput = node.version() >= axesInputSince;
        this.attrs = new Attrs(axesInput ? null : node.getInts("axes", null), node.getInt("keepdims", 1) != 0,
                node.getInt("noop_with_empty_axes", 0) != 0, axesInput);
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor x = in[0];
        DataType t = x.dtype();
        int[] shape = x.shape();
        int rank = shape.length;
        long[] axes = attrs.axes;
        if (attrs.axesInput && in.length > 1 && in[1] != null) axes = Tensors.longs(in[1]);
        if ((axes == null || axes.length == 0) && attrs.noopWithEmptyAxes) return new Tensor[] {x};
        boolean[] reduced = new boolean[rank];
        if (axes == null || axes.length == 0) {
            java.util.Arrays.fill(reduced, true);
        } else {
            for (long a : axes) {
                if (a < -rank || a >= rank) throw node.invalid("axis " + a + " is out of range for rank " + rank);
                reduced[(int) (a < 0 ? a + rank : a)] = true;
            }
        }
        int[] kept = shape.clone();
        long count = 1;
        int outRank = 0;
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                count *= shape[d];
                kept[d] = 1;
            } else {
                outRank++;
            }
        }
        int[] outShape = kept;
        if (!attrs.keepdims) {
            outShape = new int[outRank];
            for (int d = 0, j = 0; d < rank; d++) if (!reduced[d]) outShape[j++] = shape[d];
        }
        Broadcast plan = Broadcast.to(shape, kept);
        int outSize = Shapes.size(kept);
        switch (Elementwise.kind(t)) {
            case LONG -> {
                if (Reductions.integral(reduction)) {
                    long[] bounds = bounds(t);
                    long[] r = Reductions.reduce(reduction, Tensors.longs(x), plan, outSize, count, bounds[0], bounds[1]);
                    return new Tensor[] {Tensors.fromLongs(r, t, outShape)};
                }
                double[] r = Reductions.reduce(reduction, Tensors.doubles(x), plan, outSize, count);
                return new Tensor[] {Cast.convert(Tensor.wrap(DataType.DOUBLE, outShape, r), t)};
            }
            case FLOAT, DOUBLE -> {
                double[] r = Reductions.reduce(reduction, Tensors.doubles(x), plan, outSize, count);
                return new Tensor[] {Tensors.fromDoubles(r, t, outShape)};
            }
            default -> throw Elementwise.badType(node, 0, t);
        }
    }

    /** The smallest and largest value of integer type {@code t}: what ReduceMax and ReduceMin give an empty set. */
    private static long[] bounds(DataType t) {
        return switch (t) {
            case BOOL, UINT8, UINT16, UINT32, UINT64 -> new long[] {0, t == DataType.BOOL ? 1 : (1L << Math.min(63, t.bits())) - 1};
            default -> new long[] {-(1L << (t.bits() - 1)), (1L << (t.bits() - 1)) - 1};
        };
    }
}
