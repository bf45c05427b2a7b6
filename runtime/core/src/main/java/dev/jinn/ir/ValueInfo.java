package dev.jinn.ir;

/** A named, typed value: a graph input or output, or a value_info entry. */
public record ValueInfo(String name, ValueType type) {
    @Override
    public String toString() {
        return name + ": " + type;
    }
}
