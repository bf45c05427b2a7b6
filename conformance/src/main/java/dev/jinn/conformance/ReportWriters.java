package dev.jinn.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** A report as JSON, JUnit XML and Markdown, written by hand to keep the module free of new dependencies. */
public final class ReportWriters {
    private static final String DEPARTURES = "/dev/jinn/conformance/departures.md";

    private ReportWriters() {}

    /** {@code {"passed":…,"failed":…,"skipped":…,"provider":…,"cases":[{"name":…,"status":…,"op":…,"detail":…,"seconds":…}]}} */
    public static String json(Report report) {
        StringBuilder b = new StringBuilder();
        b.append("{\"passed\":").append(report.passed())
                .append(",\"failed\":").append(report.failed())
                .append(",\"skipped\":").append(report.skipped())
                .append(",\"provider\":").append(jsonString(report.provider()))
                .append(",\"cases\":[");
        List<CaseResult> results = report.results();
        for (int i = 0; i < results.size(); i++) {
            CaseResult r = results.get(i);
            b.append(i == 0 ? "\n" : ",\n")
                    .append("{\"name\":").append(jsonString(r.name()))
                    .append(",\"status\":").append(jsonString(r.status().label()))
                    .append(",\"op\":").append(jsonString(r.op()))
                    .append(",\"detail\":").append(jsonString(r.detail()))
                    .append(",\"seconds\":").append(seconds(r.seconds()))
                    .append('}');
        }
        return b.append("\n]}\n").toString();
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    // Lone surrogates are not valid UTF-8; escaping every control or surrogate char keeps the file valid.
                    if (c < 0x20 || Character.isSurrogate(c) && !validPair(s, i)) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** One testsuite, one testcase per case: fail as failure, error as error, unsupported as skipped. */
    public static String junit(Report report) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"").append(xml("jinn-conformance-" + report.provider()))
                .append("\" tests=\"").append(report.results().size())
                .append("\" failures=\"").append(report.count(Status.FAIL))
                .append("\" errors=\"").append(report.count(Status.ERROR))
                .append("\" skipped=\"").append(report.skipped())
                .append("\" time=\"").append(seconds(report.seconds())).append("\">\n");
        for (CaseResult r : report.results()) {
            b.append("  <testcase classname=\"").append(xml("conformance." + r.suite()))
                    .append("\" name=\"").append(xml(r.shortName()))
                    .append("\" time=\"").append(seconds(r.seconds())).append('"');
            String element = switch (r.status()) {
                case PASS -> null;
                case FAIL -> "failure";
                case ERROR -> "error";
                case UNSUPPORTED -> "skipped";
            };
            if (element == null) {
                b.append("/>\n");
            } else {
                b.append(">\n    <").append(element).append(" message=\"").append(xml(r.detail())).append("\"/>\n  </testcase>\n");
            }
        }
        return b.append("</testsuite>\n").toString();
    }

    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\n' -> b.append("&#10;");
                case '\t' -> b.append("&#9;");
                case '\r' -> b.append("&#13;");
                // XML 1.0 cannot carry other control characters at all, not even as references.
                default -> b.append(c < 0x20 || c == 0xFFFE || c == 0xFFFF ? '?' : c);
            }
        }
        return b.toString();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /**
     * Totals, the departures from the spec, one table row per operator with its pass/fail/error/unsupported
     * counts, then each case that did not pass and why.
     */
    public static String markdown(Report report) {
        StringBuilder b = new StringBuilder();
        b.append("# ONNX backend conformance: `").append(report.provider()).append("` provider\n\n")
                .append("Generated by `jinn conformance --report` over ONNX's backend test data (")
                .append(report.results().size()).append(" cases). Do not edit by hand.\n\n")
                .append("**").append(report.summary()).append("** (failed counts errors; skipped = unsupported)\n\n")
                .append("| status | cases |\n|---|---:|\n");
        for (Status s : Status.values()) b.append("| ").append(s.label()).append(" | ").append(report.count(s)).append(" |\n");
        b.append('\n').append(departures());

        b.append("\n## By suite\n\n| suite | cases | pass | fail | error | unsupported |\n|---|---:|---:|---:|---:|---:|\n");
        Map<String, long[]> bySuite = new TreeMap<>();
        for (CaseResult r : report.results()) bySuite.computeIfAbsent(r.suite(), k -> new long[4])[r.status().ordinal()]++;
        bySuite.forEach((suite, c) -> row(b, suite, c));

        b.append("\n## By operator\n\nA case counts under the one operator its model uses (Constant nodes aside); ")
                .append("an `_expanded` case counts under the operator of the case it expands. ")
                .append("Other multi-operator models are under `(model)`.\n\n")
                .append("| operator | cases | pass | fail | error | unsupported |\n|---|---:|---:|---:|---:|---:|\n");
        Map<String, long[]> byOp = new TreeMap<>(OPERATOR_ORDER);
        Map<String, String> ops = operators(report);
        for (CaseResult r : report.results()) byOp.computeIfAbsent(ops.get(r.name()), k -> new long[4])[r.status().ordinal()]++;
        byOp.forEach((op, c) -> row(b, "`" + op + "`", c));

        caseTable(b, "Failures and errors", failures(report), true);
        caseTable(b, "Skipped (unsupported)", skipped(report), false);
        return b.toString();
    }

    /**
     * Several runs over the same cases side by side: per provider pass, fail (errors included) and
     * unsupported counts, in totals (followed by the departures from the spec), by suite and by operator;
     * then, for each pair, how many cases one
     * passes and the other does not; then each provider's failures, and its skipped cases with their
     * reasons. {@code command} heads the report.
     */
    public static String markdown(List<Report> reports, String command) {
        StringBuilder b = new StringBuilder();
        List<String> names = reports.stream().map(Report::provider).toList();
        b.append("# ONNX backend conformance: ").append(String.join(", ", names.stream().map(n -> "`" + n + "`").toList()))
                .append(" providers\n\nGenerated by\n\n```sh\n").append(command).append("\n```\n\nover ONNX's backend test data (")
                .append(reports.get(0).results().size()).append(" cases). Do not edit by hand. ")
                .append("Fail counts errors as well as wrong numbers; unsupported cases are skipped.\n\n")
                .append("| provider | pass | fail | unsupported |\n|---|---:|---:|---:|\n");
        for (Report r : reports) {
            b.append("| `").append(r.provider()).append("` | ").append(r.passed()).append(" | ").append(r.failed())
                    .append(" | ").append(r.skipped()).append(" |\n");
        }
        b.append('\n').append(departures());

        b.append("\n## Passes one provider has and another lacks\n\n")
                .append("Cases that pass under the row's provider and do not pass under the column's provider.\n\n| passes under | ");
        b.append(String.join(" | ", names.stream().map(n -> "not under `" + n + "`").toList())).append(" |\n|---|")
                .append("---:|".repeat(names.size())).append('\n');
        for (Report row : reports) {
            b.append("| `").append(row.provider()).append("` |");
            for (Report col : reports) {
                long n = row.results().stream().filter(CaseResult::passed).filter(r -> !passed(col, r.name())).count();
                b.append(' ').append(row == col ? "-" : Long.toString(n)).append(" |");
            }
            b.append('\n');
        }

        b.append("\n## By suite\n\n");
        sideBySide(b, "suite", reports, CaseResult::suite, false);
        b.append("\n## By operator\n\nA case counts under the one operator its model uses (Constant nodes aside); ")
                .append("an `_expanded` case counts under the operator of the case it expands. ")
                .append("Other multi-operator models are under `(model)`.\n\n");
        Map<String, String> ops = operators(reports.get(0));
        sideBySide(b, "operator", reports, r -> ops.getOrDefault(r.name(), r.op()), true);

        for (Report report : reports) caseTable(b, "Failures and errors under `" + report.provider() + "`", failures(report), true);
        for (Report report : reports) caseTable(b, "Skipped (unsupported) under `" + report.provider() + "`", skipped(report), false);
        return b.toString();
    }

    /** The rules by which Jinn departs from the spec on purpose, as committed in conformance/departures.md. */
    private static String departures() {
        try (InputStream in = ReportWriters.class.getResourceAsStream(DEPARTURES)) {
            if (in == null) throw new IllegalStateException("resource " + DEPARTURES + " is missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CaseResult> failures(Report report) {
        return report.results().stream().filter(r -> r.status() == Status.FAIL || r.status() == Status.ERROR).toList();
    }

    private static List<CaseResult> skipped(Report report) {
        return report.results().stream().filter(r -> r.status() == Status.UNSUPPORTED).toList();
    }

    /** A section naming each case with why it did not pass (and its status, where {@code status} says so); none when empty. */
    private static void caseTable(StringBuilder b, String heading, List<CaseResult> cases, boolean status) {
        if (cases.isEmpty()) return;
        b.append("\n## ").append(heading).append(status ? "\n\n| case | status | detail |\n|---|---|---|\n" : "\n\n| case | reason |\n|---|---|\n");
        for (CaseResult r : cases) {
            b.append("| `").append(r.name()).append("` | ");
            if (status) b.append(r.status().label()).append(" | ");
            b.append(markdownCell(r.detail())).append(" |\n");
        }
    }

    private static boolean passed(Report report, String name) {
        CaseResult r = report.result(name);
        return r != null && r.passed();
    }

    /** One row per group: its case count, then pass, fail (with errors) and unsupported for each provider. */
    private static void sideBySide(StringBuilder b, String what, List<Report> reports, Function<CaseResult, String> group, boolean code) {
        b.append("| ").append(what).append(" | cases |");
        for (Report r : reports) {
            String p = r.provider();
            b.append(' ').append(p).append(" pass | ").append(p).append(" fail | ").append(p).append(" unsupported |");
        }
        b.append("\n|---|---:|").append("---:|---:|---:|".repeat(reports.size())).append('\n');
        // Group -> per provider {pass, fail, unsupported}; the case count comes from the first run.
        Map<String, long[][]> rows = new TreeMap<>(OPERATOR_ORDER);
        Map<String, Long> cases = new HashMap<>();
        for (int i = 0; i < reports.size(); i++) {
            for (CaseResult r : reports.get(i).results()) {
                String key = group.apply(r);
                long[] c = rows.computeIfAbsent(key, k -> new long[reports.size()][3])[i];
                c[switch (r.status()) {
                    case PASS -> 0;
                    case FAIL, ERROR -> 1;
                    case UNSUPPORTED -> 2;
                }]++;
                if (i == 0) cases.merge(key, 1L, Long::sum);
            }
        }
        rows.forEach((key, counts) -> {
            b.append("| ").append(code ? "`" + key + "`" : key).append(" | ").append(cases.getOrDefault(key, 0L)).append(" |");
            for (long[] c : counts) b.append(' ').append(c[0]).append(" | ").append(c[1]).append(" | ").append(c[2]).append(" |");
            b.append('\n');
        });
    }

    /** Operators by name, case-insensitively, with the "(model)"-style groups last. */
    private static final Comparator<String> OPERATOR_ORDER = (x, y) -> {
        boolean mx = x.startsWith("(");
        boolean my = y.startsWith("(");
        return mx != my ? Boolean.compare(mx, my) : x.compareToIgnoreCase(y) != 0 ? x.compareToIgnoreCase(y) : x.compareTo(y);
    };

    private static void row(StringBuilder b, String label, long[] c) {
        long total = c[0] + c[1] + c[2] + c[3];
        b.append("| ").append(label).append(" | ").append(total).append(" | ").append(c[Status.PASS.ordinal()])
                .append(" | ").append(c[Status.FAIL.ordinal()]).append(" | ").append(c[Status.ERROR.ordinal()])
                .append(" | ").append(c[Status.UNSUPPORTED.ordinal()]).append(" |\n");
    }

    /** Each case's operator, with expanded node cases folded into the case they expand. */
    static Map<String, String> operators(Report report) {
        Map<String, String> byName = new HashMap<>();
        for (CaseResult r : report.results()) byName.put(r.name(), r.op());
        Map<String, String> out = new HashMap<>();
        for (CaseResult r : report.results()) {
            String op = r.op();
            String base = r.name().replaceFirst("_expanded(_ver\\d+)?$", "");
            String baseOp = byName.get(base);
            if (!base.equals(r.name()) && baseOp != null && !baseOp.startsWith("(") && !baseOp.equals("?")) op = baseOp;
            out.put(r.name(), op);
        }
        return out;
    }

    private static String markdownCell(String s) {
        String one = s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ");
        return one.length() > 300 ? one.substring(0, 297) + "..." : one;
    }
}
