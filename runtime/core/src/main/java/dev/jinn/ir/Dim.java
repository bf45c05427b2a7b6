package dev.jinn.ir;

/** One dimension of a declared shape: a fixed value, a symbol such as "batch", or unknown. */
public record Dim(long value, String param) {
    public static final Dim UNKNOWN = new Dim(-1, null);

    public static Dim of(long value) {
        return new Dim(value, null);
    }

    public static Dim symbol(String param) {
        return new Dim(-1, param);
    }

    public boolean isFixed() {
        return value >= 0;
    }

    @Override
    public String toString() {
        return isFixed() ? Long.toString(value) : param != null ? param : "?";
    }
}
