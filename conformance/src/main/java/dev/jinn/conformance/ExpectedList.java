package dev.jinn.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The cases a provider must pass: one case name per line, sorted ({@code conformance/expected/java.txt}).
 * A listed case that does not pass fails the gate; a case that passes unlisted is reported so that
 * the list can be brought up to date ({@code --update-expected}, which only adds). A listed case
 * leaves the list only when named ({@code --drop CASE}), so a case that has passed once keeps passing.
 */
public final class ExpectedList {
    private final TreeSet<String> names;

    private ExpectedList(Collection<String> names) {
        this.names = new TreeSet<>(names);
    }

    public static ExpectedList of(Collection<String> names) {
        return new ExpectedList(names);
    }

    /** A missing file is an empty list: nothing is required yet. */
    public static ExpectedList read(Path file) {
        if (!Files.exists(file)) return new ExpectedList(List.of());
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read expected list " + file, e);
        }
    }

    /** The committed list of a provider, as shipped on the classpath; empty when there is none. */
    public static ExpectedList resource(String provider) {
        try (InputStream in = ExpectedList.class.getResourceAsStream(resourceName(provider))) {
            return in == null ? new ExpectedList(List.of()) : parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String resourceName(String provider) {
        return "/dev/jinn/conformance/expected/" + provider + ".txt";
    }

    static ExpectedList parse(String text) {
        return new ExpectedList(text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
    }

    public java.util.SortedSet<String> names() {
        return java.util.Collections.unmodifiableSortedSet(names);
    }

    public boolean contains(String name) {
        return names.contains(name);
    }

    public void write(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, names.stream().map(n -> n + "\n").collect(Collectors.joining()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write expected list " + file, e);
        }
    }

    /** This list with every case that passed in {@code report} added; nothing leaves it. */
    public ExpectedList plusPassing(Report report) {
        List<String> all = new ArrayList<>(names);
        report.results().stream().filter(CaseResult::passed).map(CaseResult::name).forEach(all::add);
        return new ExpectedList(all);
    }

    /** This list without the named cases. */
    public ExpectedList without(Collection<String> dropped) {
        return new ExpectedList(names.stream().filter(n -> !dropped.contains(n)).toList());
    }

    /**
     * What the gate says about a run. {@code regressions}: listed cases in scope that did not pass (a
     * listed name with no case in the data is one too, with status ERROR). {@code unlisted}: cases
     * that passed without being listed.
     */
    public record Verdict(List<CaseResult> regressions, List<String> unlisted) {
        public boolean ok() {
            return regressions.isEmpty();
        }

        /** Lines for the user: each regression by name, then the unlisted count; empty when all is well. */
        public List<String> messages() {
            List<String> out = new ArrayList<>();
            for (CaseResult r : regressions) {
                out.add("expected to pass, but " + r.status().label() + ": " + r.name() + (r.detail().isEmpty() ? "" : " - " + r.detail()));
            }
            if (!unlisted.isEmpty()) out.add(unlistedMessage(unlisted.size()));
            return out;
        }
    }

    public static String unlistedMessage(int n) {
        return n + " cases pass but are not on the expected list; run --update-expected";
    }

    public Verdict check(Report report) {
        Map<String, CaseResult> byName = report.results().stream().collect(Collectors.toMap(CaseResult::name, Function.identity()));
        List<CaseResult> regressions = new ArrayList<>();
        for (String name : names) {
            if (!report.inScope().test(name)) continue;
            CaseResult r = byName.get(name);
            if (r == null) {
                regressions.add(new CaseResult(name, Status.ERROR, "no such case in " + report.data(), "?", 0));
            } else if (!r.passed()) {
                regressions.add(r);
            }
        }
        List<String> unlisted = report.results().stream().filter(CaseResult::passed).map(CaseResult::name)
                .filter(n -> !names.contains(n)).toList();
        return new Verdict(List.copyOf(regressions), unlisted);
    }
}
