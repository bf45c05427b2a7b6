package dev.jinn.ir;

import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** An immutable graph: the main one, or the body of If/Loop/Scan. Nodes are in topological order. */
public record Graph(String name, List<ValueInfo> inputs, List<ValueInfo> outputs, Map<String, Tensor> initializers,
                    Map<String, ValueInfo> valueInfo, List<Node> nodes) {
    public Graph {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        initializers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(initializers));
        valueInfo = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(valueInfo));
        nodes = List.copyOf(nodes);
    }

    /** Inputs the caller must feed: graph inputs that no initializer provides a default for. */
    public List<ValueInfo> requiredInputs() {
        return inputs.stream().filter(v -> !initializers.containsKey(v.name())).toList();
    }

    public long initializerBytes() {
        return initializers.values().stream().mapToLong(Tensor::byteSize).sum();
    }

    public Graph withNodes(List<Node> newNodes, Map<String, Tensor> newInitializers) {
        return new Graph(name, inputs, outputs, newInitializers, valueInfo, newNodes);
    }
}
