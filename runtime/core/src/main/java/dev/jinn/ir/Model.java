package dev.jinn.ir;

import java.util.Map;

/**
 * A loaded, checked model. {@code source} names it in every message (a file path, or a label such
 * as "&lt;bytes&gt;"). Opset imports map a domain ("" for ai.onnx) to its version.
 */
public record Model(String source, long irVersion, Map<String, Integer> opsets, String producerName,
                    String producerVersion, Graph graph, Map<String, Function> functions,
                    Map<String, String> metadata) {
    public Model {
        opsets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(opsets));
        functions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(functions));
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    /** The opset version the model imports for {@code domain}; "ai.onnx" and "" are the same domain. */
    public int opset(String domain) {
        Integer v = opsets.get(Domains.canonical(domain));
        return v == null ? -1 : v;
    }

    public Model withGraph(Graph g) {
        return new Model(source, irVersion, opsets, producerName, producerVersion, g, functions, metadata);
    }
}
