package dev.jinn.tools;

import dev.jinn.InvalidInputException;
import dev.jinn.ir.Dim;
import dev.jinn.ir.Graph;
import dev.jinn.ir.ValueInfo;
import dev.jinn.ir.ValueType;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Shapes;
import dev.jinn.tensor.Tensor;
import dev.jinn.tensor.Tensors;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The inputs that {@code jinn bench MODEL} and {@code jinn compare} feed a model: tensors from files
 * ({@code --input NAME=FILE}) and random ones for every other graph input without an initializer,
 * shaped by the model, {@code --dim SYMBOL=VALUE} and {@code --shape NAME=D0,D1,...}.
 *
 * <p>Inputs with an initializer get nothing, so each runtime uses the initializer, as ONNX Runtime's
 * perf tool does. Random values there would replace weights, and in ONNX's {@code light/} models,
 * whose initializers are the shapes that ConstantOfShape turns into weights, make weights of random
 * shapes.
 */
final class ModelInputs {
    private final Map<String, Path> files;
    private final Map<String, int[]> shapes;
    private final Map<String, Long> dims;
    private final Function<String, long[]> intRange;
    private final long seed;

    /**
     * {@code shapes} are {@code NAME=D0,D1,...} (or {@code NAME=D0xD1x...}); {@code intRange} gives,
     * by input name, the range [lo, hi) of random integers; booleans are always 0 or 1.
     */
    ModelInputs(Map<String, Path> files, List<String> shapes, Map<String, Long> dims, Function<String, long[]> intRange,
                long seed) {
        this.files = files;
        this.shapes = new LinkedHashMap<>();
        for (String s : shapes) {
            // Dims never hold '=', input names might.
            int eq = s.lastIndexOf('=');
            if (eq <= 0) throw new InvalidInputException("--shape '" + s + "': expected NAME=D0,D1,..., e.g. input_ids=1,128");
            String name = s.substring(0, eq);
            if (this.shapes.put(name, dims(s.substring(eq + 1), "--shape " + s)) != null) {
                throw new InvalidInputException("--shape " + name + ": given more than once");
            }
        }
        dims.forEach((k, v) -> {
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new InvalidInputException("--dim " + k + "=" + v + ": must be 0 to " + Integer.MAX_VALUE);
            }
        });
        this.dims = dims;
        this.intRange = intRange;
        this.seed = seed;
    }

    /**
     * Integers as text models expect them: token ids below BERT's 30522-word vocabulary for
     * {@code *input_ids}, an all-ones attention mask, zero token types, others in [0, 2).
     */
    static long[] textModelRange(String input) {
        String name = input.toLowerCase(Locale.ROOT);
        if (name.contains("input_ids")) return new long[] {0, 30522};
        if (name.contains("attention_mask")) return new long[] {1, 2};
        if (name.contains("token_type_ids")) return new long[] {0, 1};
        return new long[] {0, 2};
    }

    /** Dims such as {@code 8x512x768} or {@code 8,512,768}, each 0 or more; {@code what} names them in errors. */
    static int[] dims(String text, String what) {
        try {
            int[] d = Arrays.stream(text.split("[x,]", -1)).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
            if (Arrays.stream(d).allMatch(x -> x >= 0)) return d;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(what + ": expected dims of 0 or more like 8,512,768 or 8x512x768, got '" + text + "'");
    }

    /** The inputs for {@code g}, in the order of its graph inputs. */
    Map<String, Tensor> feed(Graph g) {
        List<String> all = g.inputs().stream().map(ValueInfo::name).toList();
        List<String> needed = g.requiredInputs().stream().map(ValueInfo::name).toList();
        for (String name : files.keySet()) {
            if (!all.contains(name)) {
                throw new InvalidInputException("--input " + name + ": the model has no such input; the inputs it needs are " + needed);
            }
        }
        for (String name : shapes.keySet()) {
            if (!all.contains(name)) {
                throw new InvalidInputException("--shape " + name + ": the model has no such input; the inputs it needs are " + needed);
            }
            if (files.containsKey(name)) {
                throw new InvalidInputException("--shape " + name + ": the input comes from --input; give one or the other");
            }
            if (!needed.contains(name)) {
                throw new InvalidInputException("--shape " + name + ": the input has an initializer, which is used; "
                        + "only inputs without one get random values");
            }
        }
        Map<String, Tensor> feed = new LinkedHashMap<>();
        Random r = new Random(seed);
        for (ValueInfo v : g.inputs()) {
            if (files.containsKey(v.name())) feed.put(v.name(), TensorFiles.readInput(v.name(), files.get(v.name())));
            else if (needed.contains(v.name())) feed.put(v.name(), random(v, r));
        }
        return feed;
    }

    private Tensor random(ValueInfo v, Random r) {
        String where = "input '" + v.name() + "'";
        if (!(v.type() instanceof ValueType.TensorType tt) || tt.elem() == null) {
            throw new InvalidInputException(where + ": its type is " + v.type() + "; give it with --input " + v.name() + "=FILE");
        }
        int[] shape = shape(v.name(), tt);
        int n;
        try {
            n = Shapes.size(shape);
        } catch (ArithmeticException e) {
            throw new InvalidInputException(where + ": shape " + Arrays.toString(shape)
                    + " has more elements than a Java array holds");
        }
        DataType dt = tt.elem();
        if (dt.isFloatingPoint() && !dt.isSubByte() && dt.bits() >= 16) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) f[i] = (float) r.nextGaussian();
            return Tensors.fromFloats(f, dt, shape);
        }
        return switch (dt.storage()) {
            case LONG, INT, SHORT, BYTE -> {
                if (dt.isSubByte() || dt.isFloatingPoint()) {
                    throw new InvalidInputException(where + ": random " + dt + " values are not supported; give it with --input");
                }
                long[] range = dt == DataType.BOOL ? new long[] {0, 2} : intRange.apply(v.name());
                Object a = Tensor.allocate(dt, n);
                for (int i = 0; i < n; i++) {
                    long x = range[0] + (long) Math.floor(r.nextDouble() * (range[1] - range[0]));
                    switch (a) {
                        case long[] l -> l[i] = x;
                        case int[] l -> l[i] = (int) x;
                        case short[] l -> l[i] = (short) x;
                        case byte[] l -> l[i] = (byte) x;
                        default -> throw new IllegalStateException();
                    }
                }
                yield Tensor.wrap(dt, shape, a);
            }
            default -> throw new InvalidInputException(where + ": random " + dt + " values are not supported; give it with --input");
        };
    }

    /** The shape from --shape, checked against the declared one, or else the declared one with --dim's values. */
    private int[] shape(String name, ValueType.TensorType tt) {
        List<Dim> declared = tt.shape();
        int[] given = shapes.get(name);
        if (given != null) {
            String what = "--shape " + name + "=" + String.join(",", Arrays.stream(given).mapToObj(Integer::toString).toList());
            if (declared == null) return given;
            if (given.length != declared.size()) {
                throw new InvalidInputException(what + ": " + given.length + " dims, but input '" + name + "' is " + tt
                        + ", of rank " + declared.size());
            }
            for (int d = 0; d < given.length; d++) {
                Dim dim = declared.get(d);
                if (dim.isFixed() && dim.value() != given[d]) {
                    throw new InvalidInputException(what + ": dimension " + d + " of input '" + name + "' is fixed at " + dim.value());
                }
                Long bound = dim.param() == null ? null : dims.get(dim.param());
                if (bound != null && bound != given[d]) {
                    throw new InvalidInputException(what + ": dimension " + d + " of input '" + name + "' is '" + dim.param()
                            + "', which --dim sets to " + bound);
                }
            }
            return given;
        }
        String where = "input '" + name + "'";
        if (declared == null) {
            throw new InvalidInputException(where + ": its shape is unknown; give --shape " + name + "=D0,D1,... or --input "
                    + name + "=FILE");
        }
        int[] shape = new int[declared.size()];
        for (int d = 0; d < shape.length; d++) {
            Dim dim = declared.get(d);
            Long v = dim.isFixed() ? Long.valueOf(dim.value()) : dim.param() == null ? null : dims.get(dim.param());
            if (v == null) {
                String fix = dim.param() == null ? " is unnamed; give --shape " + name + "=D0,D1,... or --input " + name + "=FILE"
                        : " is '" + dim.param() + "'; give --dim " + dim.param() + "=VALUE or --shape " + name + "=D0,D1,...";
                throw new InvalidInputException(where + " is " + tt + ": dimension " + d + fix);
            }
            shape[d] = Math.toIntExact(v);
        }
        return shape;
    }
}
