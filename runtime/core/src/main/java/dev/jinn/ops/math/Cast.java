package dev.jinn.ops.math;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.Elementwise;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.util.EnumSet;
import java.util.Set;

/**
 * Cast-6..28: converts to the type in {@code to}. Floats go to integers by truncation toward zero,
 * integers narrow by wrapping (a C cast; 4- and 2-bit ones too), anything nonzero (NaN too) is true.
 * float8 and float4e2m1 round to nearest even; beyond their range float8 clamps when
 * {@code saturate} (Cast-19, default 1); float8e8m0 rounds by {@code round_mode} (Cast-24, default
 * "up"). Strings parse to numbers; numbers are not formatted as strings.
 */
public final class Cast implements Op {
    private final NodeContext node;
    private final DataType to;
    private final boolean saturate;
    private final String roundMode;

    public Cast(NodeContext node) {
        this.node = node;
        int code = (int) node.getInt("to", 0);
        to = DataType.fromCode(code);
        if (to == null) throw node.malformed("attribute 'to': unknown type " + code);
        if (!isTarget(to)) throw node.unsupported("cast to " + to);
        saturate = node.getInt("saturate", 1) != 0;
        roundMode = node.getString("round_mode", "up");
        if (!roundMode.equals("up") && !roundMode.equals("down") && !roundMode.equals("nearest")) {
            throw node.malformed("attribute 'round_mode': expected up, down or nearest, got '" + roundMode + "'");
        }
    }

    private static final Set<DataType> MINI_FLOATS = EnumSet.of(DataType.FLOAT8E4M3FN, DataType.FLOAT8E4M3FNUZ,
            DataType.FLOAT8E5M2, DataType.FLOAT8E5M2FNUZ, DataType.FLOAT4E2M1);
    private static final Set<DataType> SMALL_INTS = EnumSet.of(DataType.INT4, DataType.UINT4, DataType.INT2, DataType.UINT2);

    /** Whether {@link #convert} can produce {@code t}. */
    public static boolean isTarget(DataType t) {
        return Elementwise.kind(t) != Elementwise.Kind.OTHER || MINI_FLOATS.contains(t) || SMALL_INTS.contains(t)
                || t == DataType.FLOAT8E8M0;
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        try {
            if (to == DataType.FLOAT8E8M0) return new Tensor[] {Tensors.toE8M0(Tensors.floats(in[0]), in[0].shape(), roundMode, saturate)};
            return new Tensor[] {convert(in[0], to, saturate)};
        } catch (IllegalArgumentException e) {
            throw node.invalid("input 0: " + e.getMessage());
        }
    }

    /** Converts {@code x} to {@code to}, saturating float8; IllegalArgumentException for a target {@link #isTarget} refuses. */
    public static Tensor convert(Tensor x, DataType to) {
        return convert(x, to, true);
    }

    public static Tensor convert(Tensor x, DataType to, boolean saturate) {
        DataType from = x.dtype();
        if (from == to) return x;
        if (from == DataType.STRING) x = parse(x);
        int[] shape = x.shape();
        int n = x.size();
        if (MINI_FLOATS.contains(to)) return Tensors.toMiniFloats(Tensors.floats(x), to, shape, saturate);
        if (to == DataType.FLOAT8E8M0) return Tensors.toE8M0(Tensors.floats(x), shape, "up", saturate);
        Elementwise.Kind source = Elementwise.kind(x.dtype());
        switch (SMALL_INTS.contains(to) ? Elementwise.Kind.LONG : Elementwise.kind(to)) {
            case FLOAT -> {
                if (source == Elementwise.Kind.FLOAT) return Tensors.fromFloats(Tensors.floats(x), to, shape);
                return Tensors.fromDoubles(Tensors.doubles(x), to, shape);
            }
            case DOUBLE -> {
                return Tensor.wrap(to, shape, Tensors.doubles(x));
            }
            case LONG -> {
                boolean integral = source == Elementwise.Kind.LONG;
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    if (to == DataType.BOOL) {
                        v[i] = (integral ? x.getLong(i) != 0 : x.getDouble(i) != 0) ? 1 : 0;
                    } else {
                        v[i] = integral ? x.getLong(i) : truncate(x.getDouble(i), to);
                    }
                }
                return Tensors.fromLongs(v, to, shape);
            }
            default -> throw new IllegalArgumentException("cast to " + to + " is not implemented");
        }
    }

    /** Truncation toward zero; uint64 needs the values above 2^63 a signed long cast would clamp. */
    private static long truncate(double d, DataType to) {
        if (to == DataType.UINT64 && d >= 0x1p63) return (long) (d - 0x1p63) ^ Long.MIN_VALUE;
        return (long) d;
    }

    private static Tensor parse(Tensor s) {
        String[] in = s.strings();
        double[] v = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            String t = in[i].trim().toLowerCase(java.util.Locale.ROOT);
            v[i] = switch (t) {
                case "nan", "-nan" -> Double.NaN;
                case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
                case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
                default -> {
                    try {
                        yield Double.parseDouble(t);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + in[i] + "' is not a number");
                    }
                }
            };
        }
        return Tensor.wrap(DataType.DOUBLE, s.shape(), v);
    }
}
