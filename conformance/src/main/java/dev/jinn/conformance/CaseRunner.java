package dev.jinn.conformance;

import dev.jinn.UnsupportedOperatorException;
import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Dim;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import dev.jinn.ir.ValueType;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.providers.Provider;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Runs one case: loads its model once, runs every data set, and judges the outputs. */
final class CaseRunner {
    private final Supplier<List<Provider>> providers;
    private final Tolerances tolerances;

    CaseRunner(Supplier<List<Provider>> providers, Tolerances tolerances) {
        this.providers = providers;
        this.tolerances = tolerances;
    }

    CaseResult run(ConformanceCase c) {
        long start = System.nanoTime();
        String op = "?";
        Status status;
        String detail;
        try {
            Model model = ModelLoader.load(Files.readAllBytes(c.model()), c.name(), c.model().getParent(),
                    SessionOptions.defaults().loadOptions());
            op = operatorOf(model);
            if (c.dataSets().isEmpty()) throw new IllegalStateException("no test_data_set_N folder: nothing to compare");
            List<Loaded> sets = new ArrayList<>();
            for (ConformanceCase.DataSet set : c.dataSets()) sets.add(load(c, model, set));
            // Cases run in parallel with each other, so each session gets one thread.
            SessionOptions options = SessionOptions.defaults().withThreads(1).withProviders(providers.get());
            try (Session session = Session.create(model, options)) {
                String unrepresentable = unrepresentable(model, sets);
                if (unrepresentable != null) {
                    status = Status.UNSUPPORTED;
                    detail = unrepresentable;
                } else {
                    detail = judge(c, model, session, sets);
                    status = detail == null ? Status.PASS : Status.FAIL;
                }
            }
        } catch (UnsupportedOperatorException e) {
            status = Status.UNSUPPORTED;
            detail = e.missing().stream().map(CaseRunner::describe).collect(Collectors.joining("; "));
        } catch (Value.UnrepresentableValueException e) {
            status = Status.UNSUPPORTED;
            detail = e.getMessage();
        } catch (Exception | Error e) {
            // Errors too: one broken kernel (an assert, a stack overflow) must not stop the other cases.
            status = Status.ERROR;
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return new CaseResult(c.name(), status, detail == null ? "" : detail, op, (System.nanoTime() - start) / 1e9);
    }

    /** One data set, read: each value typed by the model's declaration of that input or output. */
    private record Loaded(String name, List<Value> inputs, List<Value> outputs) {}

    private static Loaded load(ConformanceCase c, Model model, ConformanceCase.DataSet set) throws IOException {
        List<ValueInfo> declaredIn = model.graph().inputs();
        List<ValueInfo> declaredOut = model.graph().outputs();
        if (set.outputs().isEmpty()) throw new IllegalStateException(set.name() + " has no expected output: nothing to compare");
        List<Value> inputs = new ArrayList<>();
        if (c.generatedInputs()) {
            for (ValueInfo v : model.graph().requiredInputs()) inputs.add(new Value.Dense(rampInput(c, v)));
        } else {
            requireNoGap(set.name(), set.inputs(), "input_");
            requireNoGap(set.name(), set.outputs(), "output_");
            if (set.inputs().size() > declaredIn.size()) {
                throw new IllegalStateException(set.name() + " has " + set.inputs().size() + " inputs; the model declares " + declaredIn.size());
            }
            for (int i = 0; i < set.inputs().size(); i++) inputs.add(read(set.inputs().get(i), declaredIn.get(i), set.name()));
        }
        if (set.outputs().size() > declaredOut.size()) {
            throw new IllegalStateException(set.name() + " has " + set.outputs().size() + " outputs; the model declares " + declaredOut.size());
        }
        List<Value> outputs = new ArrayList<>();
        for (int i = 0; i < set.outputs().size(); i++) outputs.add(read(set.outputs().get(i), declaredOut.get(i), set.name()));
        return new Loaded(set.name(), inputs, outputs);
    }

    /** File K feeds the model's input (or checks its output) K, so after a missing K every file would be one off. */
    private static void requireNoGap(String set, List<Path> files, String prefix) {
        for (int i = 0; i < files.size(); i++) {
            String found = files.get(i).getFileName().toString();
            if (!found.equals(prefix + i + ".pb")) {
                throw new IllegalStateException(set + ": " + prefix + i + ".pb is missing, but " + found + " is there");
            }
        }
    }

    private static Value read(Path file, ValueInfo declared, String set) throws IOException {
        return Value.parse(Files.readAllBytes(file), declared.type(), set + "/" + file.getFileName() + " ('" + declared.name() + "')");
    }

    /**
     * The input ONNX's runner feeds a light model: {@code arange(n) / n} in float64, cast to float32,
     * with symbolic dims taken as 1.
     */
    private static Tensor rampInput(ConformanceCase c, ValueInfo v) {
        if (!(v.type() instanceof ValueType.TensorType tt) || tt.elem() != DataType.FLOAT || tt.shape() == null) {
            throw new Value.UnrepresentableValueException(c.name() + ": input '" + v.name() + "' is " + v.type()
                    + "; generated inputs are float32 tensors of known rank");
        }
        int[] shape = new int[tt.shape().size()];
        long n = 1;
        for (int d = 0; d < shape.length; d++) {
            Dim dim = tt.shape().get(d);
            shape[d] = dim.isFixed() ? Math.toIntExact(dim.value()) : 1;
            n = Math.multiplyExact(n, shape[d]);
        }
        float[] data = new float[Math.toIntExact(n)];
        for (int i = 0; i < data.length; i++) data[i] = (float) ((double) i / n);
        return Tensor.wrap(DataType.FLOAT, shape, data);
    }

    /** Why a data set holds values a session cannot take or give (sequences, optionals, maps); null if none. */
    private static String unrepresentable(Model model, List<Loaded> sets) {
        for (Loaded set : sets) {
            String in = firstNonTensor(set.inputs(), model.graph().inputs(), "input");
            if (in != null) return in;
            String out = firstNonTensor(set.outputs(), model.graph().outputs(), "output");
            if (out != null) return out;
        }
        return null;
    }

    private static String firstNonTensor(List<Value> values, List<ValueInfo> declared, String what) {
        for (int i = 0; i < values.size(); i++) {
            if (!(values.get(i) instanceof Value.Dense)) {
                return what + " " + i + " '" + declared.get(i).name() + "' is " + declared.get(i).type() + " ("
                        + values.get(i).describe() + "); Jinn sessions take and give tensors only";
            }
        }
        return null;
    }

    /** Null when every output of every data set matches; otherwise the first thing wrong. */
    private String judge(ConformanceCase c, Model model, Session session, List<Loaded> sets) {
        double rtol = tolerances.rtol(c);
        double atol = tolerances.atol(c);
        List<ValueInfo> declaredIn = model.graph().inputs();
        List<ValueInfo> feedOrder = c.generatedInputs() ? model.graph().requiredInputs() : declaredIn;
        for (Loaded set : sets) {
            Map<String, Tensor> feed = new LinkedHashMap<>();
            for (int i = 0; i < set.inputs().size(); i++) {
                feed.put(feedOrder.get(i).name(), ((Value.Dense) set.inputs().get(i)).tensor());
            }
            // The first run with these shapes records the session's memory plan, the second follows it.
            for (int run = 0; run < 2; run++) {
                Result result = session.run(feed);
                String where = (sets.size() > 1 ? set.name() + ", " : "") + (run == 1 ? "second run (memory plan), " : "");
                if (result.size() != set.outputs().size()) {
                    return where + "expected " + set.outputs().size() + " outputs, got " + result.size();
                }
                for (int i = 0; i < set.outputs().size(); i++) {
                    Tensor expected = ((Value.Dense) set.outputs().get(i)).tensor();
                    Comparison.Mismatch m = Comparison.compare(expected, result.get(i), rtol, atol);
                    if (m != null) return where + "output " + i + " '" + result.names().get(i) + "': " + m;
                }
            }
        }
        return null;
    }

    /** The operator a case exercises: the one op type among its nodes (Constants aside), else "(model)". */
    static String operatorOf(Model model) {
        TreeSet<String> ops = new TreeSet<>();
        for (Node n : model.graph().nodes()) {
            if (!n.opType().equals("Constant")) ops.add(qualified(n));
        }
        if (ops.isEmpty() && !model.graph().nodes().isEmpty()) return "Constant";
        return ops.size() == 1 ? ops.first() : "(model)";
    }

    private static String qualified(Node n) {
        String d = n.domain();
        return d.isEmpty() || d.equals("ai.onnx") ? n.opType() : d + "::" + n.opType();
    }

    private static String describe(UnsupportedOperatorException.Missing m) {
        String d = m.domain().isEmpty() ? "" : m.domain() + "::";
        return d + m.opType() + "-" + m.version() + (m.reason() == null || m.reason().isEmpty() ? "" : " (" + m.reason() + ")");
    }
}
