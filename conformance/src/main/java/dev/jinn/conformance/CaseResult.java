package dev.jinn.conformance;

/**
 * What one case came to. {@code op} is the operator the case exercises (for the per-operator report),
 * {@code detail} says why it did not pass (empty on a pass).
 */
public record CaseResult(String name, Status status, String detail, String op, double seconds) {
    public boolean passed() {
        return status == Status.PASS;
    }

    /** The suite part of the name: "node" in "node/test_abs". */
    public String suite() {
        int slash = name.indexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    /** The name inside the suite: "test_abs" in "node/test_abs". */
    public String shortName() {
        return name.substring(name.indexOf('/') + 1);
    }
}
