package dev.jinn.tools;

import dev.jinn.InvalidInputException;
import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.ValueInfo;
import dev.jinn.providers.ProviderModes;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs a model once on inputs from files, describes each output and can write them as .pb and .npy. */
@Command(name = "run", description = {
    "Run a model on inputs from .pb or .npy files.",
    "Inputs are TensorProto (.pb) or numpy (.npy) files. Each output is",
    "described (dtype, shape, first values, min/max/mean) and, with",
    "--output-dir, written as output_K.pb and output_K.npy. Exit 2 for bad",
    "input: unknown name, wrong dtype or shape, unreadable file, invalid model."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The .onnx model.")
    Path model;

    @Option(names = {"-i", "--input"}, paramLabel = "NAME=FILE",
            description = "An input by name, from a .pb (TensorProto) or .npy file. Repeat for each input.")
    Map<String, Path> inputs = new LinkedHashMap<>();

    @Option(names = "--inputs-from", paramLabel = "DIR",
            description = "Read input_K.pb for the K-th graph input without an initializer, as in ONNX test folders."
                    + " --input entries replace these.")
    Path inputsFrom;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
            description = "Write output_K.pb and output_K.npy there, K in graph-output order.")
    Path outputDir;

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads (default: one per core).")
    Integer threads;

    @Option(names = "--provider", paramLabel = "P", defaultValue = "java",
            description = "Provider mode: java, ort, ort-cuda, auto, auto-cuda (default java; the others need jinn-ort).")
    String provider;

    @Option(names = "--allow-cpu-fallback",
            description = "For the CUDA modes: fall back to ONNX Runtime's CPU provider, with a warning, when CUDA is missing.")
    boolean allowCpuFallback;

    @Option(names = "--show", paramLabel = "N", defaultValue = "8", description = "Values to show per output (default 8).")
    int show;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        SessionOptions options = SessionOptions.defaults().withProviders(ProviderModes.providers(provider, allowCpuFallback));
        if (threads != null) {
            if (threads < 1) throw new InvalidInputException("--threads must be at least 1, got " + threads);
            options = options.withThreads(threads);
        }
        if (show < 0) throw new InvalidInputException("--show must be 0 or more, got " + show);
        try (Session session = Session.create(model, options)) {
            Map<String, Tensor> feed = new LinkedHashMap<>();
            if (inputsFrom != null) readTestFolder(session, feed);
            inputs.forEach((name, file) -> feed.put(name, TensorFiles.readInput(name, file)));
            for (Map.Entry<String, Tensor> e : feed.entrySet()) {
                out.println("input  " + e.getKey() + ": " + TensorText.describe(e.getValue(), show));
            }
            long start = System.nanoTime();
            Result result = session.run(feed);
            double ms = (System.nanoTime() - start) / 1e6;
            out.println(String.format(Locale.ROOT, "ran %s in %.2f ms", model.getFileName(), ms));
            List<String> names = result.names();
            for (int k = 0; k < names.size(); k++) {
                Tensor t = result.get(k);
                out.println("output " + names.get(k) + ": " + TensorText.describe(t, show));
                if (outputDir != null) write(out, t, names.get(k), k);
            }
        }
        out.flush();
        return 0;
    }

    private void write(PrintWriter out, Tensor t, String name, int k) {
        List<Path> written;
        try {
            Files.createDirectories(outputDir);
            written = TensorFiles.write(t, name, outputDir, "output_" + k);
        } catch (IOException e) {
            throw new InvalidInputException("--output-dir '" + outputDir + "': cannot write output " + k + ": " + e);
        }
        out.println("       wrote " + String.join(", ", written.stream().map(Path::toString).toList())
                + (written.size() == 1 ? " (numpy has no " + t.dtype() + ", so no .npy)" : ""));
    }

    private void readTestFolder(Session session, Map<String, Tensor> feed) {
        if (!Files.isDirectory(inputsFrom)) {
            throw new InvalidInputException("--inputs-from '" + inputsFrom + "': not a folder");
        }
        List<ValueInfo> wanted = session.model().graph().requiredInputs();
        for (int k = 0; k < wanted.size(); k++) {
            Path file = inputsFrom.resolve("input_" + k + ".pb");
            // Test folders leave out trailing optional inputs; the session says if one was needed.
            if (Files.exists(file)) feed.put(wanted.get(k).name(), TensorFiles.readInput(wanted.get(k).name(), file));
        }
        Path extra = inputsFrom.resolve("input_" + wanted.size() + ".pb");
        if (Files.exists(extra)) {
            throw new InvalidInputException("--inputs-from '" + inputsFrom + "': holds " + extra.getFileName()
                    + ", but the model takes " + wanted.size() + " input(s): " + wanted.stream().map(ValueInfo::name).toList());
        }
    }
}
