package dev.jinn.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The results of one run, in case order. {@code inScope} tells which case names the run covered
 * (its filter), so that an expected list is only checked, and only rewritten, where the run looked.
 */
public record Report(String provider, Path data, List<CaseResult> results, Predicate<String> inScope, double seconds) {
    public Report {
        results = List.copyOf(results);
    }

    public long count(Status s) {
        return results.stream().filter(r -> r.status() == s).count();
    }

    public long passed() {
        return count(Status.PASS);
    }

    /** Wrong numbers and errors both count as failed. */
    public long failed() {
        return count(Status.FAIL) + count(Status.ERROR);
    }

    /** Unsupported cases are skipped. */
    public long skipped() {
        return count(Status.UNSUPPORTED);
    }

    /** The closing line of every run. */
    public String summary() {
        return passed() + " passed, " + failed() + " failed, " + skipped() + " skipped";
    }

    public CaseResult result(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }
}
