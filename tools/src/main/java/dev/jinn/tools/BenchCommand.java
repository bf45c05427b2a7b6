package dev.jinn.tools;

import dev.jinn.bench.ModelBench;
import dev.jinn.bench.OpBench;
import dev.jinn.exec.SessionOptions;
import dev.jinn.kernels.Kernels;
import dev.jinn.tensor.DataType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Times one operator as a one-node model in Jinn and, with {@code --vs ort}, in ONNX Runtime in the
 * same process: median and p90 per call, effective bandwidth (8 bytes per float32 element: one read,
 * one write) against System.arraycopy of the same bytes, and the speedup ORT time / Jinn time.
 * Given a MODEL instead of {@code --op}, times the whole model ({@link ModelBench}).
 */
@Command(name = "bench", description = {
    "Time one operator (a one-node model) in Jinn, and with --vs ort in ONNX Runtime in the same process.",
    "Example: jinn bench --op LayerNormalization --shape 8x512x768 --threads 1 --vs ort",
    "Or time a whole model: jinn bench minilm --dim batch_size=1 --dim sequence_length=128 --threads 1 --vs ort",
    "A model's inputs with an initializer keep it; the others are random, or read with --input."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "A model to time whole, instead of --op; "
            + "'minilm' is all-MiniLM-L6-v2 from the classpath.")
    String model;

    @Option(names = "--provider", paramLabel = "P", description = "With MODEL: Jinn's provider mode (default ${DEFAULT-VALUE}).")
    String provider = "java";

    @Option(names = "--dim", paramLabel = "NAME=VALUE", description = "With MODEL: binds a symbolic input dimension (repeatable).")
    Map<String, Long> dims = new LinkedHashMap<>();

    @Option(names = {"-i", "--input"}, paramLabel = "NAME=FILE", description = "With MODEL: an input from a .pb or .npy file "
            + "(repeatable); other inputs without an initializer get random values.")
    Map<String, Path> inputs = new LinkedHashMap<>();

    @Option(names = "--warmup", paramLabel = "N", description = "With MODEL: warm-up runs per runtime (default ${DEFAULT-VALUE}).")
    int warmup = 5;

    @Option(names = "--iterations", paramLabel = "N", description = "With MODEL: timed runs per runtime (default ${DEFAULT-VALUE}).")
    int iterations = 20;

    @Option(names = "--profile", paramLabel = "N", arity = "0..1", fallbackValue = "15",
            description = "With MODEL: also time each node of Jinn's timed runs and print the N op types that took longest "
                    + "(default N ${FALLBACK-VALUE}).")
    int profile;

    @Option(names = "--op", paramLabel = "OP", description = "Operator, e.g. LayerNormalization, "
            + "RMSNormalization, BatchNormalization, InstanceNormalization, GroupNormalization, SkipLayerNormalization.")
    String op;

    @Option(names = "--attr", paramLabel = "NAME=VALUE", description = "An attribute of the node (repeatable), e.g. num_groups=32.")
    Map<String, String> attrs = new LinkedHashMap<>();

    @Option(names = "--shape", paramLabel = "DIMS", description = "With --op: the shape of X, e.g. 8x512x768 or 8,512,768. "
            + "With MODEL: NAME=D0,D1,... gives the shape of a random input, for dims that are unnamed or symbolic (repeatable).")
    List<String> shapes = new ArrayList<>();

    @Option(names = "--dtype", paramLabel = "T", description = "Element type of X and the parameters (default ${DEFAULT-VALUE}).")
    String dtype = "float32";

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads for both runtimes (default ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--vs", paramLabel = "RUNTIME", description = "Compare with another runtime: ort.")
    String vs;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Option(names = "--rounds", paramLabel = "N", description = "Timed rounds (default ${DEFAULT-VALUE}); each times both runtimes.")
    int rounds = 20;

    @Option(names = "--calls", paramLabel = "N", description = "Calls per runtime per round (default ${DEFAULT-VALUE}).")
    int calls = 10;

    @Option(names = "--warmup-ms", paramLabel = "MS", description = "Warm-up time (default ${DEFAULT-VALUE}).")
    int warmupMs = 2000;

    @Override
    public Integer call() throws Exception {
        if (vs != null && !vs.equals("ort")) throw new ParameterException(spec.commandLine(), "--vs: only 'ort' is known, got '" + vs + "'");
        if ((model == null) == (op == null)) throw new ParameterException(spec.commandLine(), "give either MODEL or --op, not both or neither");
        if (model != null) {
            if (threads < 1 || warmup < 0 || iterations < 1) {
                throw new ParameterException(spec.commandLine(), "--threads and --iterations must be at least 1, --warmup at least 0");
            }
            if (profile < 0) throw new ParameterException(spec.commandLine(), "--profile must be at least 1");
            SessionOptions options = SessionOptions.defaults().withProviderMode(provider).withThreads(threads).withProfiling(profile > 0);
            ModelInputs feed = new ModelInputs(inputs, shapes, dims, ModelInputs::textModelRange, 1);
            ModelBench.report(model, options, feed::feed, vs != null, warmup, iterations, spec.commandLine().getOut(), json, profile);
            return 0;
        }
        if (shapes.size() != 1) throw new ParameterException(spec.commandLine(), "--op needs one --shape");
        int[] dims = ModelInputs.dims(shapes.get(0), "--shape");
        DataType type;
        try {
            type = DataType.fromLabel(dtype);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--dtype: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (OpBench b = OpBench.create(op, attrs, dims, type, threads)) {
            if (vs != null) b.withOrt();
            OpBench.Stats[] s = b.time(warmupMs, rounds, calls);
            double alloc = b.jinnBytesPerCall(rounds * calls);
            OpBench.Stats copy = b.timeCopy(Math.min(warmupMs, 500), rounds * calls);
            double bytes = 8.0 * b.elements();
            out.printf(Locale.ROOT, "%s %s %s, %d thread%s, Jinn kernels %s%n", op, type, Arrays.toString(dims), threads,
                    threads == 1 ? "" : "s", Kernels.get().name());
            line(out, "jinn", s[0], bytes);
            if (s.length > 1) line(out, "ort", s[1], bytes);
            line(out, "copy", copy, bytes);
            Double speedup = s.length > 1 ? s[1].medianUs() / s[0].medianUs() : null;
            if (speedup != null) out.printf(Locale.ROOT, "speedup (ORT median / Jinn median): %.2fx%n", speedup);
            if (alloc >= 0) out.printf(Locale.ROOT, "jinn allocates %.0f bytes per call on the calling thread, besides its reused output%n", alloc);
            out.flush();
            if (json != null) Files.writeString(json, json(dims, type, s, copy, bytes, speedup, alloc));
        }
        return 0;
    }

    private static void line(PrintWriter out, String who, OpBench.Stats s, double bytes) {
        out.printf(Locale.ROOT, "%-5s median %10.1f us   p90 %10.1f us   %6.1f GB/s%n", who, s.medianUs(), s.p90Us(),
                bytes / (s.medianUs() * 1e3));
    }

    private String json(int[] dims, DataType type, OpBench.Stats[] s, OpBench.Stats copy, double bytes, Double speedup,
                        double alloc) throws IOException {
        StringBuilder j = new StringBuilder("{");
        j.append(String.format(Locale.ROOT, "\"op\":\"%s\",\"shape\":%s,\"dtype\":\"%s\",\"threads\":%d,\"kernels\":\"%s\",",
                op, Arrays.toString(dims).replace(" ", ""), type, threads, Kernels.get().name()));
        j.append("\"jinn\":").append(stats(s[0], bytes));
        if (s.length > 1) j.append(",\"ort\":").append(stats(s[1], bytes));
        j.append(",\"copy\":").append(stats(copy, bytes));
        if (speedup != null) j.append(String.format(Locale.ROOT, ",\"speedup\":%.4f", speedup));
        if (alloc >= 0) j.append(String.format(Locale.ROOT, ",\"jinn_alloc_bytes_per_call\":%.0f", alloc));
        return j.append("}\n").toString();
    }

    private static String stats(OpBench.Stats s, double bytes) {
        return String.format(Locale.ROOT, "{\"median_us\":%.3f,\"p90_us\":%.3f,\"gb_per_s\":%.3f}", s.medianUs(), s.p90Us(),
                bytes / (s.medianUs() * 1e3));
    }
}
