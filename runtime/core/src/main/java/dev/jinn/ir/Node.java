package dev.jinn.ir;

import java.util.List;
import java.util.Map;

/**
 * One operator application. Missing optional inputs and outputs are empty strings, as in ONNX.
 * {@code domain} is "" for ai.onnx.
 */
public record Node(String name, String domain, String opType, List<String> inputs, List<String> outputs,
                   Map<String, Attribute> attributes) {
    public Node {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    public Attribute attribute(String attrName) {
        return attributes.get(attrName);
    }

    /** "node 'ln_3' (LayerNormalization)", the way every error names a node. */
    public String describe() {
        return "node '" + label() + "' (" + (domain.isEmpty() || domain.equals("ai.onnx") ? "" : domain + "::") + opType + ")";
    }

    /** The name, or for an unnamed node (common in exported models) its first output. */
    public String label() {
        return name.isEmpty() ? (outputs.isEmpty() ? "?" : "<unnamed, output '" + outputs.get(0) + "'>") : name;
    }
}
