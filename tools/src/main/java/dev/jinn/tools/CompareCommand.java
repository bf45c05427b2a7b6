package dev.jinn.tools;

import dev.jinn.InvalidInputException;
import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import dev.jinn.ir.ValueType;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.providers.ProviderModes;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs a model on Jinn (with the chosen provider mode) and on ONNX Runtime alone, on the same
 * inputs, and reports how far apart the outputs are. With --bisect every intermediate value is
 * compared too, and the first node whose output diverges is named.
 */
@Command(name = "compare", description = {
    "Run a model on Jinn and on ONNX Runtime with the same inputs and compare the outputs.",
    "Inputs without an initializer that --input does not give are random: floats standard normal, integers in [0,2)",
    "or --int-range; inputs with an initializer keep it.",
    "Exit 0 when every output is within tolerance (|a-b| <= atol + rtol*|ref|), 1 when not, 2 for bad input."})
final class CompareCommand implements Callable<Integer> {
    static final int EXIT_DIVERGED = 1;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx model.")
    Path model;

    @Option(names = "--provider", paramLabel = "P", defaultValue = "auto",
            description = "Jinn's provider mode: java, ort, ort-cuda, auto, auto-cuda (default auto).")
    String provider;

    @Option(names = "--reference", paramLabel = "R", defaultValue = "ort",
            description = "The reference: ort or ort-cuda, the whole model on ONNX Runtime (default ort).")
    String reference;

    @Option(names = {"-i", "--input"}, paramLabel = "NAME=FILE", description = "An input from a .pb or .npy file.")
    Map<String, Path> inputs = new LinkedHashMap<>();

    @Option(names = "--random", paramLabel = "SEED", defaultValue = "0", description = "Seed for random inputs (default 0).")
    long seed;

    @Option(names = "--dim", paramLabel = "NAME=VALUE", description = "A value for a symbolic dimension of random inputs.")
    Map<String, Long> dims = new LinkedHashMap<>();

    @Option(names = "--shape", paramLabel = "NAME=D0,D1,...",
            description = "The shape of a random input, for dims that are unnamed or symbolic (repeatable).")
    List<String> shapes = new ArrayList<>();

    @Option(names = "--int-range", paramLabel = "LO,HI", description = "Random integers in [LO,HI) (default 0,2).")
    String intRange;

    @Option(names = "--rtol", defaultValue = "1e-4", description = "Relative tolerance (default 1e-4).")
    double rtol;

    @Option(names = "--atol", defaultValue = "1e-5", description = "Absolute tolerance (default 1e-5).")
    double atol;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the comparison as JSON.")
    Path json;

    @Option(names = "--bisect", description = "Compare every intermediate value and name the first node that diverges.")
    boolean bisect;

    @Option(names = "--allow-cpu-fallback",
            description = "For the CUDA modes: fall back to ONNX Runtime's CPU provider, with a warning, when CUDA is missing.")
    boolean allowCpuFallback;

    /** How one value compares; errors are NaN-free: a NaN on one side only counts as infinitely far. */
    record Diff(String name, String problem, double maxAbs, double maxRel, long maxUlp, boolean ok) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!reference.equals("ort") && !reference.equals("ort-cuda")) {
            throw new InvalidInputException("--reference must be ort or ort-cuda, got '" + reference + "'");
        }
        if (!(rtol >= 0) || !(atol >= 0)) throw new InvalidInputException("--rtol and --atol must be >= 0");
        long[] range = intRange();
        Model m = ModelLoader.load(model);
        Map<String, Tensor> feed = new ModelInputs(inputs, shapes, dims, name -> range, seed).feed(m.graph());
        Model run = bisect ? exposeAll(m) : m;
        Result ref = run(run, reference, false, feed);
        Result got = run(run, provider, true, feed);

        List<Diff> outputs = new ArrayList<>();
        for (ValueInfo v : m.graph().outputs()) outputs.add(diff(v.name(), ref.get(v.name()), got.get(v.name())));
        boolean ok = outputs.stream().allMatch(Diff::ok);
        out.println(String.format(Locale.ROOT, "%s: jinn --provider %s vs %s, rtol %.3g, atol %.3g", model.getFileName(),
                provider, reference, rtol, atol));
        for (Diff d : outputs) out.println(line(d));
        String divergence = null;
        if (bisect) {
            divergence = firstDivergence(m, ref, got);
            out.println(divergence == null ? "bisect: every intermediate value is within tolerance" : "bisect: " + divergence);
        }
        out.println(ok ? "OK" : "DIVERGED");
        if (json != null) Files.writeString(json, json(ok, outputs, divergence));
        out.flush();
        return ok ? 0 : EXIT_DIVERGED;
    }

    private Result run(Model m, String mode, boolean optimize, Map<String, Tensor> feed) {
        // The reference runs the model as written; Jinn runs it as it would for a user.
        SessionOptions o = SessionOptions.defaults().withOptimize(optimize)
                .withProviders(ProviderModes.providers(mode, allowCpuFallback));
        try (Session s = Session.create(m, o)) {
            return s.run(feed);
        }
    }

    private long[] intRange() {
        if (intRange == null) return new long[] {0, 2};
        String[] p = intRange.split(",");
        try {
            long lo = Long.parseLong(p[0].strip());
            long hi = Long.parseLong(p[1].strip());
            if (p.length == 2 && lo < hi) return new long[] {lo, hi};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // reported below
        }
        throw new InvalidInputException("--int-range must be LO,HI with LO < HI, got '" + intRange + "'");
    }

    /** The model with every node output also a graph output, so both sides return all intermediates. */
    static Model exposeAll(Model m) {
        Graph g = m.graph();
        Set<String> names = new LinkedHashSet<>(g.outputs().stream().map(ValueInfo::name).toList());
        List<ValueInfo> outs = new ArrayList<>(g.outputs());
        for (Node n : g.nodes()) {
            for (String o : n.outputs()) {
                if (!o.isEmpty() && names.add(o)) {
                    outs.add(g.valueInfo().getOrDefault(o, new ValueInfo(o, new ValueType.Unspecified())));
                }
            }
        }
        return m.withGraph(new Graph(g.name(), g.inputs(), outs, g.initializers(), g.valueInfo(), g.nodes()));
    }

    /** The first node, in the model's order, with an output beyond tolerance; null when none. */
    private String firstDivergence(Model m, Result ref, Result got) {
        for (Node n : m.graph().nodes()) {
            for (String o : n.outputs()) {
                if (o.isEmpty()) continue;
                Diff d = diff(o, ref.get(o), got.get(o));
                if (!d.ok()) return "first divergence at " + n.describe() + ", " + line(d).strip();
            }
        }
        return null;
    }

    Diff diff(String name, Tensor ref, Tensor got) {
        if (ref.dtype() != got.dtype()) return new Diff(name, "dtype " + got.dtype() + ", reference " + ref.dtype(), 0, 0, 0, false);
        if (!Arrays.equals(ref.shape(), got.shape())) {
            return new Diff(name, "shape " + Arrays.toString(got.shape()) + ", reference " + Arrays.toString(ref.shape()), 0, 0, 0, false);
        }
        if (ref.dtype() == DataType.STRING) {
            boolean same = Arrays.equals(ref.strings(), got.strings());
            return new Diff(name, same ? null : "strings differ", 0, 0, 0, same);
        }
        double maxAbs = 0;
        double maxRel = 0;
        long maxUlp = 0;
        boolean ok = true;
        for (int i = 0; i < ref.size(); i++) {
            double e = ref.getDouble(i);
            double a = got.getDouble(i);
            if (Double.isNaN(e) && Double.isNaN(a) || e == a) continue;
            double abs = Math.abs(a - e);
            if (Double.isNaN(abs)) abs = Double.POSITIVE_INFINITY;
            maxAbs = Math.max(maxAbs, abs);
            if (e != 0) maxRel = Math.max(maxRel, abs / Math.abs(e));
            maxUlp = Math.max(maxUlp, ulps(ref, got, i));
            if (!(abs <= atol + rtol * Math.abs(e))) ok = false;
        }
        return new Diff(name, null, maxAbs, maxRel, maxUlp, ok);
    }

    /** Units in the last place between the two values, in the tensor's own type; integer distance for integers. */
    private static long ulps(Tensor ref, Tensor got, int i) {
        return switch (ref.dtype()) {
            case FLOAT -> Math.abs((long) ordered(Float.floatToIntBits(ref.floats()[i])) - ordered(Float.floatToIntBits(got.floats()[i])));
            case DOUBLE -> {
                long d = ordered(Double.doubleToLongBits(ref.doubles()[i])) - ordered(Double.doubleToLongBits(got.doubles()[i]));
                yield d == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(d);
            }
            case FLOAT16, BFLOAT16 -> Math.abs(ordered16(ref.shorts()[i]) - ordered16(got.shorts()[i]));
            default -> Math.abs(ref.getLong(i) - got.getLong(i));
        };
    }

    /** Maps float bits to integers that are consecutive for consecutive floats, through zero. */
    private static int ordered(int bits) {
        return bits < 0 ? Integer.MIN_VALUE - bits : bits;
    }

    private static long ordered(long bits) {
        return bits < 0 ? Long.MIN_VALUE - bits : bits;
    }

    private static int ordered16(short bits) {
        int b = bits & 0xffff;
        return (b & 0x8000) != 0 ? -(b & 0x7fff) : b;
    }

    private static String line(Diff d) {
        if (d.problem() != null) return String.format(Locale.ROOT, "  %-30s %s  %s", d.name(), d.ok() ? "ok" : "FAIL", d.problem());
        return String.format(Locale.ROOT, "  %-30s %s  max abs err %.3g, max rel err %.3g, max ulp %d", d.name(),
                d.ok() ? "ok  " : "FAIL", d.maxAbs(), d.maxRel(), d.maxUlp());
    }

    private static String json(boolean ok, List<Diff> outputs, String divergence) {
        StringBuilder b = new StringBuilder("{\"ok\":").append(ok).append(",\"outputs\":[");
        for (int i = 0; i < outputs.size(); i++) {
            Diff d = outputs.get(i);
            if (i > 0) b.append(',');
            b.append("{\"name\":").append(quote(d.name())).append(",\"ok\":").append(d.ok())
                    .append(",\"max_abs_err\":").append(number(d.maxAbs()))
                    .append(",\"max_rel_err\":").append(number(d.maxRel()))
                    .append(",\"max_ulp\":").append(d.maxUlp());
            if (d.problem() != null) b.append(",\"problem\":").append(quote(d.problem()));
            b.append('}');
        }
        b.append(']');
        if (divergence != null) b.append(",\"first_divergence\":").append(quote(divergence));
        return b.append("}\n").toString();
    }

    /** JSON has no infinity; a one-sided NaN or overflow is written as null. */
    private static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
