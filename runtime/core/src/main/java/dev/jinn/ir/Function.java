package dev.jinn.ir;

import java.util.List;
import java.util.Map;

/** A model-local function (FunctionProto): a named body that nodes of its (domain, name) expand to. */
public record Function(String domain, String name, List<String> inputs, List<String> outputs,
                       List<String> attributeNames, Map<String, Attribute> attributeDefaults, List<Node> nodes,
                       Map<String, Integer> opsets) {
    public Function {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributeNames = List.copyOf(attributeNames);
        attributeDefaults = Map.copyOf(attributeDefaults);
        nodes = List.copyOf(nodes);
        opsets = Map.copyOf(opsets);
    }

    public String key() {
        return domain + "::" + name;
    }
}
