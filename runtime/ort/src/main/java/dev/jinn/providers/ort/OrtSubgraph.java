package dev.jinn.providers.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.jinn.exec.ExecContext;
import dev.jinn.ir.ValueInfo;
import dev.jinn.ir.ValueType;
import dev.jinn.onnx.ModelWriter;
import dev.jinn.ops.Op;
import dev.jinn.providers.Subgraph;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One run of nodes compiled by ONNX Runtime. When the model states the type of every input the ORT
 * session is made at once, so that ORT's complaints come when the Jinn session is created; an input
 * of unknown type (an intermediate value without value_info) waits for the first run, which shows
 * its element type, and the ORT session made then serves every later run with those types.
 */
final class OrtSubgraph implements Op, AutoCloseable {
    private final OrtProvider provider;
    private final Subgraph run;
    private final String where;
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final Map<List<DataType>, OrtSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<OrtTensors.Staging> staging = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    OrtSubgraph(OrtProvider provider, Subgraph run) {
        this.provider = provider;
        this.run = run;
        this.inputNames = run.inputNames();
        this.outputNames = run.outputNames();
        this.where = "model '" + run.model().source() + "', " + provider.name() + " subgraph " + run.index()
                + " (" + run.nodes().size() + " nodes from " + run.nodes().get(0).describe() + ")";
        List<DataType> declared = run.inputs().stream().map(OrtSubgraph::elem).toList();
        if (!declared.contains(null)) sessions.put(declared, provider.createSession(ModelWriter.write(run.asModel()), where));
    }

    private static DataType elem(ValueInfo v) {
        return v.type() instanceof ValueType.TensorType tt ? tt.elem() : null;
    }

    @Override
    public Tensor[] run(Tensor[] inputs, ExecContext ctx) {
        if (closed) throw new IllegalStateException(where + ": the session is closed");
        OrtSession session = sessionFor(inputs);
        OrtTensors.Staging buffers = staging.poll();
        if (buffers == null) buffers = new OrtTensors.Staging(inputs.length);
        try (Feeds feeds = new Feeds()) {
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i] == null) throw new ProviderFailedException(where + ": input '" + inputNames.get(i) + "' has no value");
                feeds.put(inputNames.get(i), OrtTensors.toOrt(provider.env(), inputs[i], buffers, i,
                        where + ", input '" + inputNames.get(i) + "'"));
            }
            try (OrtSession.Result r = session.run(feeds.map)) {
                Tensor[] out = new Tensor[outputNames.size()];
                for (int j = 0; j < out.length; j++) {
                    String name = outputNames.get(j);
                    out[j] = OrtTensors.fromOrt(r.get(name).orElseThrow(), where + ", output '" + name + "'");
                }
                return out;
            }
        } catch (OrtException e) {
            throw new ProviderFailedException(where + ": ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            staging.offer(buffers);
        }
    }

    private OrtSession sessionFor(Tensor[] inputs) {
        List<DataType> types = new ArrayList<>(inputs.length);
        for (Tensor t : inputs) types.add(t == null ? null : t.dtype());
        OrtSession s = sessions.get(types);
        if (s != null) return s;
        synchronized (this) {
            if (closed) throw new IllegalStateException(where + ": the session is closed");
            return sessions.computeIfAbsent(List.copyOf(types), k -> {
                List<ValueInfo> typed = new ArrayList<>();
                for (int i = 0; i < inputs.length; i++) {
                    ValueInfo v = run.inputs().get(i);
                    typed.add(elem(v) != null || inputs[i] == null ? v
                            : new ValueInfo(v.name(), new ValueType.TensorType(inputs[i].dtype(), null)));
                }
                Subgraph withTypes = new Subgraph(run.model(), run.index(), run.nodes(), typed, run.outputs(), run.initializers());
                return provider.createSession(ModelWriter.write(withTypes.asModel()), where);
            });
        }
    }

    /** Runs in flight must be over (the Jinn session waits for them before closing). */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        List<String> failures = new ArrayList<>();
        for (OrtSession s : sessions.values()) {
            try {
                s.close();
            } catch (OrtException e) {
                failures.add(e.getMessage());
            } finally {
                provider.released();
            }
        }
        sessions.clear();
        staging.clear();
        if (!failures.isEmpty()) throw new ProviderFailedException(where + ": closing ONNX Runtime failed: " + failures);
    }

    /** The input tensors of one run, all closed together. */
    private static final class Feeds implements AutoCloseable {
        final Map<String, OnnxTensor> map = new LinkedHashMap<>();

        void put(String name, OnnxTensor t) {
            map.put(name, t);
        }

        @Override
        public void close() {
            map.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public String toString() {
        return where + " " + Arrays.toString(inputNames.toArray()) + " -> " + outputNames;
    }
}
