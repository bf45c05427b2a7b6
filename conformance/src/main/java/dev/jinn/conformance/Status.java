package dev.jinn.conformance;

/** The verdict on one case. */
public enum Status {
    /** Every output of every data set matched. */
    PASS,
    /** Jinn ran the case and some number, shape or dtype was wrong. */
    FAIL,
    /** Jinn refused the case: an operator, version or value type it does not support yet. */
    UNSUPPORTED,
    /** Anything else went wrong (a crash or an unexpected exception). */
    ERROR;

    /** The lower-case name used in JSON, lists and reports. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
