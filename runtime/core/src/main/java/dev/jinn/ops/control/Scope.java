package dev.jinn.ops.control;

import dev.jinn.ops.NodeContext;
import dev.jinn.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The enclosing-scope values a control-flow node received as implicit inputs, by name, for its subgraphs. */
final class Scope {
    private Scope() {}

    static Function<String, Tensor> of(NodeContext node, List<String> implicit, Tensor[] in) {
        Map<String, Tensor> values = new HashMap<>();
        int first = node.inputCount();
        for (int i = 0; i < implicit.size(); i++) values.put(implicit.get(i), in[first + i]);
        return values::get;
    }
}
