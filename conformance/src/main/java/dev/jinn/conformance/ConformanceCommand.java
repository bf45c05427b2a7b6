package dev.jinn.conformance;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jinn conformance}: runs ONNX's backend test data through Jinn and gates on the expected-pass list. */
@Command(name = "conformance",
        description = {"Runs ONNX's backend test cases and compares every output with ONNX's expected values.",
                "Ends with one line: N passed, N failed, N skipped. Exits 1 when a case on the expected-pass list does not pass."})
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

    @Option(names = "--provider", paramLabel = "NAME", defaultValue = "java", description = "Provider set to run on (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
    Path json;

    @Option(names = "--junit", paramLabel = "FILE", description = "Write the results as JUnit XML.")
    Path junit;

    @Option(names = "--report", paramLabel = "FILE", description = "Write a Markdown report with a table per operator.")
    Path report;

    @Option(names = "--threads", paramLabel = "N", description = "Cases run at once (default: one per core).")
    Integer threads;

    @Option(names = "--expected", paramLabel = "FILE",
            description = "Expected-pass list (default: conformance/expected/PROVIDER.txt, else the copy on the classpath).")
    Path expected;

    @Option(names = "--update-expected", description = "Rewrite the expected-pass list with what passes (within --filter).")
    boolean updateExpected;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConformanceCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Conformance runner;
        try {
            runner = Conformance.at(data != null ? data : Conformance.defaultDataDir()).withProvider(provider).withFilter(filter);
            if (threads != null) runner = runner.withThreads(threads);
            if (!Files.isDirectory(runner.data())) {
                err.println("jinn conformance: no test data at " + runner.data().toAbsolutePath().normalize()
                        + "; pass --data DIR (the tree of onnx/backend/test/data)");
                return 2;
            }
        } catch (IllegalArgumentException e) {
            err.println("jinn conformance: " + e.getMessage());
            return 2;
        }
        Path listFile = expected != null ? expected : defaultListFile(provider);
        if (updateExpected && listFile == null) {
            err.println("jinn conformance: no conformance/expected/" + provider + ".txt here; pass --expected FILE to say which list to rewrite");
            return 2;
        }
        ExpectedList list = listFile != null ? ExpectedList.read(listFile) : ExpectedList.resource(provider);

        Progress progress = new Progress(err, System.console() != null);
        Report r = runner.withListener(progress).run();
        progress.close();
        err.printf(Locale.ROOT, "jinn conformance: %d cases in %.1f s (%s provider, data %s)%n",
                r.results().size(), r.seconds(), provider, runner.data());

        if (json != null) write(json, ReportWriters.json(r), err);
        if (junit != null) write(junit, ReportWriters.junit(r), err);
        if (report != null) write(report, ReportWriters.markdown(r), err);

        if (updateExpected) {
            ExpectedList updated = list.updatedBy(r);
            int added = (int) updated.names().stream().filter(n -> !list.contains(n)).count();
            int removed = (int) list.names().stream().filter(n -> !updated.contains(n)).count();
            updated.write(listFile);
            err.println("jinn conformance: wrote " + listFile + " (" + updated.names().size() + " cases, " + added + " added, " + removed + " removed)");
            list.names().stream().filter(n -> !updated.contains(n)).forEach(n -> err.println("  removed: " + n));
            return finish(updated.check(r), r, out, err);
        }
        return finish(list.check(r), r, out, err);
    }

    private static int finish(ExpectedList.Verdict v, Report r, PrintWriter out, PrintWriter err) {
        v.messages().forEach(m -> err.println("jinn conformance: " + m));
        err.flush();
        out.println(r.summary());
        out.flush();
        return v.ok() ? 0 : 1;
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
