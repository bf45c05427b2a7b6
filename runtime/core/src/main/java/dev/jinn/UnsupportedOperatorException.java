package dev.jinn;

import java.util.List;
import java.util.stream.Collectors;

/** The session cannot run some operators of the model; all of them are listed at once. */
public final class UnsupportedOperatorException extends JinnException {
    /** One operator Jinn lacks: its domain ("" for ai.onnx), type, the resolved opset version, and the nodes using it. */
    public record Missing(String domain, String opType, int version, List<String> nodes, String reason) {
        @Override
        public String toString() {
            String d = domain.isEmpty() ? "ai.onnx" : domain;
            return d + "::" + opType + "-" + version + " (" + (reason == null ? "" : reason + "; ")
                    + "nodes: " + String.join(", ", nodes.size() > 3 ? nodes.subList(0, 3) : nodes)
                    + (nodes.size() > 3 ? ", ... " + nodes.size() + " in all" : "") + ")";
        }
    }

    private final List<Missing> missing;

    public UnsupportedOperatorException(String model, List<Missing> missing) {
        super("model '" + model + "': " + missing.size() + " unsupported operator(s): "
                + missing.stream().map(Missing::toString).collect(Collectors.joining("; ")));
        this.missing = List.copyOf(missing);
    }

    public List<Missing> missing() {
        return missing;
    }
}
