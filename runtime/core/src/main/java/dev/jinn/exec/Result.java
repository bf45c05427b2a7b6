package dev.jinn.exec;

import dev.jinn.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The outputs of one run, keyed by output name, in the graph's output order.
 *
 * <p>Closing a result is optional. It hands the outputs' arrays back to the session, which fills
 * them again in a later run instead of allocating (as ONNX Runtime's {@code Result.close()} frees
 * its tensors): after {@code close()} the result refuses access, and tensors taken from it earlier
 * must no longer be read. A result that is never closed simply keeps its tensors.
 */
public final class Result implements AutoCloseable {
    private final Map<String, Tensor> outputs;
    private final OutputPool pool;
    private final List<float[]> recyclable;
    private boolean closed;

    Result(Map<String, Tensor> outputs, OutputPool pool, List<float[]> recyclable) {
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        this.pool = pool;
        this.recyclable = recyclable;
    }

    /** Gives the output arrays back to the session for reuse; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (pool != null) recyclable.forEach(pool::giveBack);
    }

    private synchronized void checkOpen() {
        if (closed) throw new IllegalStateException("result is closed");
    }

    public Tensor get(String name) {
        checkOpen();
        Tensor t = outputs.get(name);
        if (t == null) throw new NoSuchElementException("no output '" + name + "'; outputs are " + outputs.keySet());
        return t;
    }

    /** The output at {@code index} in graph-output order. */
    public Tensor get(int index) {
        checkOpen();
        return List.copyOf(outputs.values()).get(index);
    }

    public List<String> names() {
        return List.copyOf(outputs.keySet());
    }

    public Map<String, Tensor> asMap() {
        checkOpen();
        return outputs;
    }

    public int size() {
        return outputs.size();
    }
}
