package dev.jinn.exec;

import dev.jinn.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The outputs of one run, keyed by output name, in the graph's output order. */
public final class Result {
    private final Map<String, Tensor> outputs;

    Result(Map<String, Tensor> outputs) {
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    public Tensor get(String name) {
        Tensor t = outputs.get(name);
        if (t == null) throw new NoSuchElementException("no output '" + name + "'; outputs are " + outputs.keySet());
        return t;
    }

    /** The output at {@code index} in graph-output order. */
    public Tensor get(int index) {
        return List.copyOf(outputs.values()).get(index);
    }

    public List<String> names() {
        return List.copyOf(outputs.keySet());
    }

    public Map<String, Tensor> asMap() {
        return outputs;
    }

    public int size() {
        return outputs.size();
    }
}
