package dev.jinn.providers;

import dev.jinn.ir.Graph;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import dev.jinn.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A run of consecutive nodes that the planner hands to one provider, as a standalone graph: the
 * values it reads from outside ({@code inputs}), the values read after it or returned by the model
 * ({@code outputs}), and the initializers it reads. Types are the declared ones where the model
 * gives them and {@link dev.jinn.ir.ValueType.Unspecified} otherwise. {@code index} numbers the
 * runs of a session's main graph from 0; {@code model} supplies the opset imports and functions.
 */
public record Subgraph(Model model, int index, List<Node> nodes, List<ValueInfo> inputs, List<ValueInfo> outputs,
                       Map<String, Tensor> initializers) {
    public Subgraph {
        nodes = List.copyOf(nodes);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        initializers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(initializers));
    }

    /** The run as a model of its own, named after the index, with the original model's opsets and functions. */
    public Model asModel() {
        Graph g = new Graph("jinn_subgraph_" + index, inputs, outputs, initializers, Map.of(), nodes);
        return model.withGraph(g);
    }

    public List<String> inputNames() {
        return inputs.stream().map(ValueInfo::name).toList();
    }

    public List<String> outputNames() {
        return outputs.stream().map(ValueInfo::name).toList();
    }
}
