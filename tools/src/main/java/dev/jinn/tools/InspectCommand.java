package dev.jinn.tools;

import dev.jinn.InvalidInputException;
import dev.jinn.JinnException;
import dev.jinn.UnsupportedOperatorException;
import dev.jinn.exec.MemoryReport;
import dev.jinn.exec.Placement;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Attribute;
import dev.jinn.ir.Domains;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.providers.ProviderModes;
import dev.jinn.optimizer.FunctionInliner;
import dev.jinn.optimizer.Optimizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Loads and checks models as a session would, and says what Jinn cannot run. One model gets a full
 * description; several get one line each and a closing count. Exit 2 when any model is invalid.
 */
@Command(name = "inspect", description = {
    "Check ONNX models and list the operators Jinn cannot run.",
    "Loads each model as a session would and shows its versions, inputs and",
    "outputs, operators and weights. Folders are searched for *.onnx; several",
    "models get one line each and a count. Exit 2 if any model is invalid,",
    "with one line per invalid model on stderr."})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Model files, or folders searched for *.onnx.")
    List<Path> paths;

    @Option(names = "--provider", paramLabel = "P",
            description = "Plan with this provider mode (java, ort, ort-cuda, auto, auto-cuda) and show which provider"
                    + " runs each node and how many subgraphs go to ONNX Runtime.")
    String provider;

    @Option(names = "--optimized", description = {
        "Describe the graph as a session runs it: model-local functions inlined, constants folded,",
        "LayerNorm/RMSNorm/Gelu/MatMul+Add fused. Without it, the graph as the file has it."})
    boolean optimized;

    @Option(names = "--memory", description = {
        "Run the model once (random inputs, shaped by --dim and --shape) and show its static memory plan:",
        "the planned peak, the node where the most is alive, and the biggest tensors alive there."})
    boolean memory;

    @Option(names = "--dim", paramLabel = "NAME=VALUE", description = "With --memory: binds a symbolic input dimension (repeatable).")
    Map<String, Long> dims = new java.util.LinkedHashMap<>();

    @Option(names = "--shape", paramLabel = "NAME=D0,D1,...", description = "With --memory: the shape of an input (repeatable).")
    List<String> shapes = new ArrayList<>();

    /** What inspecting one file found: a model (with what it lacks), or why it is invalid. */
    private record Report(Path file, Model model, List<UnsupportedOperatorException.Missing> missing, Throwable error,
                          List<Placement> placements) {}

    /** Nodes of a model, subgraphs included, counted by operator; and its initializers. */
    private static final class Census {
        final Map<String, Integer> byOp = new TreeMap<>();
        int nodes;
        int inSubgraphs;
        int initializers;
        long initializerBytes;

        Census(Model m) {
            walk(m.graph(), 0);
        }

        private void walk(Graph g, int depth) {
            initializerBytes += g.initializerBytes();
            initializers += g.initializers().size();
            for (Node n : g.nodes()) {
                byOp.merge((n.domain().isEmpty() ? "" : n.domain() + "::") + n.opType(), 1, Integer::sum);
                nodes++;
                if (depth > 0) inSubgraphs++;
                for (Attribute a : n.attributes().values()) {
                    if (a.value() instanceof Graph sub) walk(sub, depth + 1);
                    else if (a.type() == Attribute.Type.GRAPHS) for (Graph sub : a.graphs()) walk(sub, depth + 1);
                }
            }
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean verbose = Jinn.verbose(spec);
        // A mode that cannot be had (CUDA missing, jinn-ort absent) is one error, not one per model.
        if (provider != null) ProviderModes.providers(provider).forEach(dev.jinn.providers.Provider::close);
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) files.addAll(onnxFilesUnder(p));
            else files.add(p);
        }
        if (files.isEmpty()) {
            err.println("jinn: no *.onnx files under " + paths);
            return Jinn.EXIT_BAD_INPUT;
        }
        boolean detailed = files.size() == 1;
        int loaded = 0;
        int unsupported = 0;
        int invalid = 0;
        for (Path file : files) {
            Report r = inspect(file, provider, optimized);
            if (r.error() != null) {
                invalid++;
                err.println("jinn: " + reason(file, r.error()));
                if (verbose) r.error().printStackTrace(err);
                if (!detailed) out.println(file + "  INVALID");
                continue;
            }
            loaded++;
            if (!r.missing().isEmpty()) unsupported++;
            if (detailed) describe(r, out);
            else out.println(line(r));
            if (memory && detailed && r.missing().isEmpty()) describeMemory(file, out);
        }
        if (!detailed) {
            out.println(files.size() + " models: " + loaded + " loaded, " + unsupported + " with unsupported operators, "
                    + invalid + " invalid");
        }
        out.flush();
        err.flush();
        return invalid == 0 ? 0 : Jinn.EXIT_BAD_INPUT;
    }

    private void describeMemory(Path file, PrintWriter out) {
        try (Session s = Session.create(file, SessionOptions.defaults().withThreads(1))) {
            Map<String, dev.jinn.tensor.Tensor> feed =
                    new ModelInputs(Map.of(), shapes, dims, ModelInputs::textModelRange, 1).feed(s.model().graph());
            MemoryReport m = s.memory(feed);
            out.println("memory plan   for " + feed.entrySet().stream()
                    .map(e -> e.getKey() + java.util.Arrays.toString(e.getValue().shape())).collect(Collectors.joining(", ")));
            out.println("  planned peak  " + bytes(m.plannedPeakBytes()) + " (arena " + bytes(m.arenaBytes()) + " for intermediates, "
                    + bytes(m.outputBytes()) + " of outputs)");
            out.println("  largest live  " + bytes(m.peakLiveBytes()) + " at " + m.peakNode());
            for (MemoryReport.Live l : m.liveAtPeak().subList(0, Math.min(8, m.liveAtPeak().size()))) {
                out.println("    " + bytes(l.bytes()) + "  " + l.name());
            }
        }
    }

    private static List<Path> onnxFilesUnder(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".onnx") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException("folder '" + dir + "': cannot list it: " + e.getMessage(), e);
        }
    }

    private static Report inspect(Path file, String provider, boolean optimized) {
        Model model;
        try {
            model = ModelLoader.load(file);
        } catch (RuntimeException | StackOverflowError e) {
            // Besides JinnException, this catches loader bugs: report them with the rest rather than stop.
            return new Report(file, null, List.of(), e, List.of());
        }
        // One thread: inspecting builds a plan and never runs it, so no pool is needed.
        SessionOptions options = SessionOptions.defaults().withThreads(1);
        if (provider != null) options = options.withProviders(ProviderModes.providers(provider));
        try (Session s = Session.create(model, options)) {
            return new Report(file, optimized ? s.model() : model, List.of(), null, provider == null ? List.of() : s.placements());
        } catch (UnsupportedOperatorException e) {
            // What the session would have run, though it cannot: the optimizer does not need every op.
            Model shown = optimized ? Optimizer.optimize(FunctionInliner.inline(model), options.loadBudgetBytes(), options.providers()) : model;
            return new Report(file, shown, e.missing(), null, List.of());
        } catch (RuntimeException | StackOverflowError e) {
            return new Report(file, model, List.of(), e, List.of());
        }
    }

    /** The error on one line, naming the file once. */
    private static String reason(Path file, Throwable e) {
        String msg = e instanceof JinnException ? Jinn.oneLine(e.getMessage())
                : "internal error: " + Jinn.oneLine(String.valueOf(e));
        return msg.startsWith("model '" + file + "'") ? msg : file + ": " + msg;
    }

    private static String line(Report r) {
        Model m = r.model();
        Census c = new Census(m);
        StringBuilder sb = new StringBuilder().append(r.file()).append("  IR ").append(m.irVersion())
                .append("  opset ").append(opsets(m, true)).append("  ").append(c.nodes).append(c.nodes == 1 ? " node (" : " nodes (");
        List<Map.Entry<String, Integer>> ops = sorted(c.byOp);
        for (int i = 0; i < Math.min(4, ops.size()); i++) {
            sb.append(i > 0 ? ", " : "").append(ops.get(i).getKey());
            if (ops.get(i).getValue() > 1) sb.append(" x").append(ops.get(i).getValue());
        }
        if (ops.size() > 4) sb.append(", +").append(ops.size() - 4).append(" more");
        sb.append(")  init ").append(bytes(c.initializerBytes));
        if (!r.placements().isEmpty()) sb.append("  ").append(providerSummary(r.placements()));
        if (r.missing().isEmpty()) return sb.append("  OK").toString();
        return sb.append("  UNSUPPORTED ").append(r.missing().stream().map(InspectCommand::opName).collect(Collectors.joining(", "))).toString();
    }

    private static void describe(Report r, PrintWriter out) {
        Model m = r.model();
        Graph g = m.graph();
        Census c = new Census(m);
        out.println("model         " + r.file());
        out.println("IR version    " + m.irVersion() + (m.producerName().isEmpty() ? ""
                : " (producer " + (m.producerName() + " " + m.producerVersion()).strip() + ")"));
        out.println("opsets        " + opsets(m, false));
        list(out, "inputs", g.inputs().stream()
                .map(v -> v + (g.initializers().containsKey(v.name()) ? " (optional: has an initializer)" : "")).toList());
        list(out, "outputs", g.outputs().stream().map(ValueInfo::toString).toList());
        out.println("initializers  " + c.initializers + ", " + bytes(c.initializerBytes));
        out.println("nodes         " + c.nodes + (c.inSubgraphs > 0 ? " (" + c.inSubgraphs + " in subgraphs)" : ""));
        int width = c.byOp.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Integer> e : sorted(c.byOp)) {
            out.println("  " + e.getKey() + " ".repeat(width - e.getKey().length() + 2) + e.getValue());
        }
        if (!m.functions().isEmpty()) list(out, "functions", List.copyOf(m.functions().keySet()));
        if (!r.placements().isEmpty()) {
            out.println("providers     " + providerSummary(r.placements()));
            int w = r.placements().stream().mapToInt(p -> p.node().describe().length()).max().orElse(0);
            for (Placement p : r.placements()) {
                String d = p.node().describe();
                out.println("  " + d + " ".repeat(w - d.length() + 2) + p.provider()
                        + (p.subgraph() >= 0 ? " subgraph " + p.subgraph() : ""));
            }
        }
        if (r.missing().isEmpty()) {
            out.println("unsupported   none: Jinn can run every node");
        } else {
            list(out, "unsupported", r.missing().stream().map(Object::toString).toList());
        }
    }

    /** "java 12 nodes, ort 40 nodes in 3 subgraphs": the main graph's nodes by provider. */
    private static String providerSummary(List<Placement> placements) {
        Map<String, List<Placement>> by = placements.stream()
                .collect(Collectors.groupingBy(Placement::provider, java.util.LinkedHashMap::new, Collectors.toList()));
        return by.entrySet().stream().map(e -> {
            long subgraphs = e.getValue().stream().mapToInt(Placement::subgraph).filter(i -> i >= 0).distinct().count();
            return e.getKey() + " " + e.getValue().size() + (e.getValue().size() == 1 ? " node" : " nodes")
                    + (subgraphs > 0 ? " in " + subgraphs + (subgraphs == 1 ? " subgraph" : " subgraphs") : "");
        }).collect(Collectors.joining(", "));
    }

    private static void list(PrintWriter out, String label, List<String> items) {
        String pad = " ".repeat(14);
        if (items.isEmpty()) out.println(label + pad.substring(label.length()) + "none");
        for (int i = 0; i < items.size(); i++) {
            out.println((i == 0 ? label + pad.substring(label.length()) : pad) + items.get(i));
        }
    }

    private static String opName(UnsupportedOperatorException.Missing m) {
        return (m.domain().isEmpty() ? "" : m.domain() + "::") + m.opType() + "-" + m.version();
    }

    /** "ai.onnx 17, ai.onnx.ml 3"; {@code brief} gives a lone ai.onnx version as just "17". */
    private static String opsets(Model m, boolean brief) {
        return m.opsets().entrySet().stream().map(e -> brief && e.getKey().equals(Domains.ONNX) && m.opsets().size() == 1
                ? String.valueOf(e.getValue()) : Domains.label(e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> byOp) {
        return byOp.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .toList();
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
