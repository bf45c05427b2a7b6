package dev.jinn.conformance;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jinn conformance}: runs ONNX's backend test data through Jinn and gates on the expected-pass list. */
@Command(name = "conformance",
        description = {"Runs ONNX's backend test cases and compares every output with ONNX's expected values.",
                "Ends with one line: N passed, N failed, N skipped (one per provider, NAME: first, for several).",
                "Exits 1 when a case on a provider's expected-pass list does not pass."})
public final class ConformanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Test data: the tree of onnx/backend/test/data (default: -Djinn.testdata, $JINN_TESTDATA, or ../shared/onnx-backend-tests).")
    Path data;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Run the cases whose name (such as node/test_abs) contains a match.")
    String filter;

    @Option(names = "--provider", paramLabel = "NAME", split = ",", defaultValue = "java",
            description = {"Provider set to run on (default: ${DEFAULT-VALUE}). Several (java,auto,ort or the option repeated) run one after another,",
                    "each gated on its own list, and --report puts them side by side."})
    List<String> providers;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
    Path json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write the results as JUnit XML.")
    Path junit;

    @Option(names = "--report", paramLabel = "FILE", description = "Write a Markdown report with a table per operator.")
    Path report;

    @Option(names = "--threads", paramLabel = "N", description = "Cases run at once (default: one per core).")
    Integer threads;

    @Option(names = "--expected", paramLabel = "FILE",
            description = "Expected-pass list (default: conformance/expected/PROVIDER.txt, else the copy on the classpath); one provider only.")
    Path expected;

    @Option(names = "--update-expected",
            description = "Add the cases that pass (within --filter) to the expected-pass list; it never removes one.")
    boolean updateExpected;

    @Option(names = "--drop", paramLabel = "CASE",
            description = "Remove CASE (such as node/test_abs) from the expected-pass list; repeatable. Each removal is printed.")
    List<String> drop = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConformanceCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> names = providers.stream().map(String::strip).filter(n -> !n.isEmpty()).distinct().toList();
        boolean several = names.size() > 1;
        if (names.isEmpty()) return usage(err, "--provider needs a name");
        if (several && expected != null) return usage(err, "--expected takes one provider; each of several uses conformance/expected/PROVIDER.txt");
        if (several && (json != null || junit != null)) return usage(err, "--json and --junit take one provider; --report takes several");
        List<Conformance> runners = new ArrayList<>();
        try {
            Conformance base = Conformance.at(data != null ? data : Conformance.defaultDataDir()).withFilter(filter);
            if (threads != null) base = base.withThreads(threads);
            if (!Files.isDirectory(base.data())) {
                err.println("jinn conformance: no test data at " + base.data().toAbsolutePath().normalize()
                        + "; pass --data DIR (the tree of onnx/backend/test/data)");
                return 2;
            }
            for (String name : names) runners.add(base.withProvider(name));
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        boolean rewrite = updateExpected || !drop.isEmpty();
        List<Path> listFiles = new ArrayList<>();
        List<ExpectedList> lists = new ArrayList<>();
        for (String name : names) {
            Path listFile = expected != null ? expected : defaultListFile(name);
            if (rewrite && listFile == null) {
                return usage(err, "no conformance/expected/" + name + ".txt here; pass --expected FILE to say which list to rewrite");
            }
            listFiles.add(listFile);
            lists.add(listFile != null ? ExpectedList.read(listFile) : ExpectedList.resource(name));
        }
        // A mistyped name would otherwise drop nothing and still look like a deliberate removal.
        for (String d : drop) {
            if (lists.stream().noneMatch(l -> l.contains(d))) {
                return usage(err, "--drop " + d + ": not on " + listFiles.stream().map(String::valueOf).collect(Collectors.joining(", ")));
            }
        }

        List<Report> reports = new ArrayList<>();
        List<ExpectedList.Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Conformance runner = runners.get(i);
            Path listFile = listFiles.get(i);
            ExpectedList list = lists.get(i);
            Progress progress = new Progress(err, System.console() != null);
            Report r = runner.withListener(progress).run();
            progress.close();
            err.printf(Locale.ROOT, "jinn conformance: %d cases in %.1f s (%s provider, data %s)%n",
                    r.results().size(), r.seconds(), name, runner.data());
            reports.add(r);
            if (rewrite) {
                // Dropped last, so that a dropped case which passes is not added straight back.
                ExpectedList updated = (updateExpected ? list.plusPassing(r) : list).without(drop);
                long added = updated.names().stream().filter(n -> !list.contains(n)).count();
                List<String> dropped = list.names().stream().filter(n -> !updated.contains(n)).toList();
                updated.write(listFile);
                err.println("jinn conformance: wrote " + listFile + " (" + updated.names().size() + " cases, " + added + " added, "
                        + dropped.size() + " dropped)");
                dropped.forEach(n -> err.println("  dropped: " + n));
                verdicts.add(updated.check(r));
            } else {
                verdicts.add(list.check(r));
            }
        }

        if (json != null) write(json, ReportWriters.json(reports.get(0)), err);
        if (junit != null) write(junit, ReportWriters.junit(reports.get(0)), err);
        if (report != null) {
            write(report, several ? ReportWriters.markdown(reports, commandLine()) : ReportWriters.markdown(reports.get(0)), err);
        }

        boolean ok = true;
        for (int i = 0; i < reports.size(); i++) {
            String prefix = several ? names.get(i) + ": " : "";
            verdicts.get(i).messages().forEach(m -> err.println("jinn conformance: " + prefix + m));
            ok &= verdicts.get(i).ok();
        }
        err.flush();
        for (int i = 0; i < reports.size(); i++) out.println((several ? names.get(i) + ": " : "") + reports.get(i).summary());
        out.flush();
        return ok ? 0 : 1;
    }

    private static int usage(PrintWriter err, String message) {
        err.println("jinn conformance: " + message);
        return 2;
    }

    /** The command as typed, for the report's header; arguments a shell would split or expand are quoted. */
    private String commandLine() {
        StringBuilder b = new StringBuilder(spec.parent() == null ? "jinn conformance" : spec.qualifiedName());
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        // Under a parent command (jinn conformance ...) the arguments start with the parent's own.
        if (spec.parent() != null) args = args.subList(args.indexOf(spec.name()) + 1, args.size());
        for (String a : args) {
            b.append(' ').append(a.matches("[A-Za-z0-9_@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }

    /** The committed list when run from the repository root or from the module. */
    private static Path defaultListFile(String provider) {
        for (Path p : new Path[] {Path.of("conformance", "expected", provider + ".txt"), Path.of("expected", provider + ".txt")}) {
            if (Files.exists(p)) return p;
        }
        return Files.isDirectory(Path.of("conformance", "expected")) ? Path.of("conformance", "expected", provider + ".txt") : null;
    }

    private static void write(Path file, String text, PrintWriter err) {
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
            err.println("jinn conformance: wrote " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A bar redrawn in place on a terminal; otherwise a plain line every tenth of the run. */
    static final class Progress implements Conformance.Listener {
        private final PrintWriter err;
        private final boolean terminal;
        private final long[] counts = new long[Status.values().length];
        private long lastDraw;
        private int lastTenth;
        private boolean drawn;

        Progress(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public void finished(CaseResult result, int done, int total) {
            counts[result.status().ordinal()]++;
            if (terminal) {
                long now = System.nanoTime();
                if (done < total && now - lastDraw < 100_000_000L) return;
                lastDraw = now;
                int width = 30;
                int filled = (int) ((long) width * done / total);
                String name = result.name().length() > 40 ? result.name().substring(0, 39) + "~" : result.name();
                err.printf(Locale.ROOT, "\r[%s%s] %d/%d  pass %d  fail %d  skip %d  %-40s", "#".repeat(filled), ".".repeat(width - filled),
                        done, total, counts[Status.PASS.ordinal()], counts[Status.FAIL.ordinal()] + counts[Status.ERROR.ordinal()],
                        counts[Status.UNSUPPORTED.ordinal()], name);
                drawn = true;
            } else {
                int tenth = (int) (10L * done / total);
                if (tenth == lastTenth && done < total) return;
                lastTenth = tenth;
                err.printf(Locale.ROOT, "jinn conformance: %d/%d cases (%d passed, %d failed, %d skipped)%n", done, total,
                        counts[Status.PASS.ordinal()], counts[Status.FAIL.ordinal()] + counts[Status.ERROR.ordinal()],
                        counts[Status.UNSUPPORTED.ordinal()]);
            }
            err.flush();
        }

        void close() {
            if (drawn) err.println();
            err.flush();
        }
    }
}
