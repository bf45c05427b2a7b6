package dev.jinn.ops;

import dev.jinn.ir.Domains;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps (domain, op_type, since_version) to the factory that builds the op. Families of operators add
 * themselves in their {@code registerAll}; adding an operator is its class plus one line there.
 */
public final class OpRegistry {
    /** The outcome of looking a node up: the version it resolves to, and a factory when Jinn has one. */
    public record Resolution(int version, OpFactory factory, String reason) {}

    /** One registered operator, for the README's operator table. */
    public record Entry(String domain, String opType, List<Integer> versions) {}

    private static final OpRegistry STANDARD = createStandard();

    private final Map<String, TreeMap<Integer, OpFactory>> ops = new ConcurrentHashMap<>();

    public static OpRegistry standard() {
        return STANDARD;
    }

    private static OpRegistry createStandard() {
        OpRegistry r = new OpRegistry();
        dev.jinn.ops.core.CoreOps.registerAll(r);
        dev.jinn.ops.norm.NormOps.registerAll(r);
        dev.jinn.ops.math.MathOps.registerAll(r);
        dev.jinn.ops.logic.LogicOps.registerAll(r);
        dev.jinn.ops.reduce.ReduceOps.registerAll(r);
        dev.jinn.ops.shape.ShapeOps.registerAll(r);
        dev.jinn.ops.linalg.LinalgOps.registerAll(r);
        dev.jinn.ops.nn.NnOps.registerAll(r);
        dev.jinn.ops.control.ControlOps.registerAll(r);
        return r;
    }

    /** Registers {@code factory} for each of the ONNX since-versions it implements. */
    public OpRegistry add(String domain, String opType, OpFactory factory, int... sinceVersions) {
        TreeMap<Integer, OpFactory> m = ops.computeIfAbsent(key(domain, opType), k -> new TreeMap<>());
        for (int v : sinceVersions) m.put(v, factory);
        return this;
    }

    /**
     * Registers {@code factory} for every ONNX version from {@code minVersion} on: for operators whose
     * later versions only widened the accepted types.
     */
    public OpRegistry addFrom(String domain, String opType, OpFactory factory, int minVersion) {
        OpSchemas.Schema schema = OpSchemas.find(domain, opType);
        if (schema == null) throw new IllegalArgumentException("no ONNX schema for " + opType);
        return add(domain, opType, factory, java.util.Arrays.stream(schema.versions()).filter(v -> v >= minVersion).toArray());
    }

    /**
     * Resolves a node against the model's opset for its domain. When ONNX defines a version at or
     * below the opset that Jinn has not implemented, the node is unsupported rather than run with
     * the semantics of an older version.
     */
    public Resolution resolve(String domain, String opType, int opset) {
        if (Domains.JINN.equals(domain) && Domains.FUSED.containsKey(opType)) {
            return resolve(Domains.ONNX, opType, Domains.FUSED.get(opType));
        }
        OpSchemas.Schema schema = OpSchemas.find(domain, opType);
        int specVersion = schema == null ? -1 : schema.resolve(opset);
        TreeMap<Integer, OpFactory> m = ops.get(key(domain, opType));
        Map.Entry<Integer, OpFactory> e = m == null ? null : m.floorEntry(opset);
        if (e == null) {
            String reason = schema != null && specVersion < 0 ? "not defined at opset " + opset
                    : m != null ? "Jinn implements only versions " + m.keySet() + ", none at or below opset " + opset
                    : schema == null ? "not an operator of " + Domains.label(domain) : "not implemented";
            return new Resolution(Math.max(specVersion, opset), null, reason);
        }
        if (specVersion > e.getKey()) {
            return new Resolution(specVersion, null, "version " + specVersion + " not implemented (Jinn has " + e.getKey() + ")");
        }
        return new Resolution(e.getKey(), e.getValue(), null);
    }

    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        new TreeMap<>(ops).forEach((k, v) -> {
            String[] dk = k.split("::", 2);
            out.add(new Entry(dk[0], dk[1], List.copyOf(v.descendingKeySet())));
        });
        return out;
    }

    private static String key(String domain, String opType) {
        return Domains.canonical(domain) + "::" + opType;
    }
}
