package dev.jinn.ops;

import dev.jinn.exec.ExecContext;
import dev.jinn.kernels.Broadcast;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;

/** What the elementwise op families share: how a dtype is computed, broadcasting with node-named errors. */
public final class Elementwise {
    private Elementwise() {}

    /**
     * The arithmetic a dtype is computed in: 16-bit floats in float32 and rounded back, every integer
     * type and bool in int64 (unsigned zero-extended) and wrapped back.
     */
    public enum Kind { FLOAT, DOUBLE, LONG, OTHER }

    public static Kind kind(DataType t) {
        return switch (t) {
            case FLOAT, FLOAT16, BFLOAT16 -> Kind.FLOAT;
            case DOUBLE -> Kind.DOUBLE;
            case INT8, UINT8, INT16, UINT16, INT32, UINT32, INT64, UINT64, BOOL -> Kind.LONG;
            default -> Kind.OTHER;
        };
    }

    /** Every float type, the 8- and 4-bit encodings (all named FLOAT*) included. */
    public static boolean isFloat(DataType t) {
        return t.isFloatingPoint() || t.name().startsWith("FLOAT");
    }

    public static boolean isInteger(DataType t) {
        return kind(t) == Kind.LONG && t != DataType.BOOL;
    }

    /** Broadcasts the inputs' shapes, and checks that the output fits the run budget. */
    public static Broadcast broadcast(NodeContext node, ExecContext ctx, DataType out, Tensor... in) {
        int[][] shapes = new int[in.length][];
        for (int i = 0; i < in.length; i++) shapes[i] = in[i].shape();
        Broadcast b;
        try {
            b = Broadcast.of(shapes);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw node.invalid("inputs: " + e.getMessage());
        }
        ctx.reserve(node.describe() + " output", out.byteSize(b.size()));
        return b;
    }

    /** Inputs 0 and 1 must have one dtype (the type constraint T of most binary ops). */
    public static void sameType(NodeContext node, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw node.invalid("input 0 '" + node.node().inputs().get(0) + "' is " + a.dtype() + " but input 1 '"
                    + node.node().inputs().get(1) + "' is " + b.dtype());
        }
    }

    public static dev.jinn.InvalidInputException badType(NodeContext node, int input, DataType t) {
        return node.invalid("input " + input + " '" + node.node().inputs().get(input) + "': type " + t + " is not supported");
    }

    /** Runs a broadcast loop over threads: whole runs, or slices of the only run. */
    public static void forEach(ExecContext ctx, Broadcast b, Broadcast.Run body) {
        int slices = b.slices(ctx.threads());
        long work = Math.max(1, (long) b.size() / Math.max(1, slices));
        ctx.parallelFor(slices, work, (from, to) -> b.forSlices(from, to, slices, body));
    }
}
