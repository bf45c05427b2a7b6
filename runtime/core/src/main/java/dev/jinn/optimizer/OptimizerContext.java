package dev.jinn.optimizer;

import dev.jinn.ir.Domains;
import dev.jinn.ir.Model;
import dev.jinn.ops.OpRegistry;

/**
 * What rewrites share while one model is optimized: the model (its name and opsets), the registry
 * that decides which ops Jinn can run, and the byte budget left for folded constants.
 */
public final class OptimizerContext {
    private final Model model;
    private final OpRegistry registry;
    private final long maxFoldBytes;
    private final boolean jinnDomain;
    private long budgetLeft;
    private boolean usesJinnDomain;

    OptimizerContext(Model model, OpRegistry registry, long loadBudgetBytes, long maxFoldBytes, boolean jinnDomain) {
        this.model = model;
        this.registry = registry;
        this.maxFoldBytes = maxFoldBytes;
        this.jinnDomain = jinnDomain;
        this.budgetLeft = Math.max(0, loadBudgetBytes - model.graph().initializerBytes());
    }

    public Model model() {
        return model;
    }

    public OpRegistry registry() {
        return registry;
    }

    public int opset(String domain) {
        return model.opset(domain);
    }

    /** Whether Jinn's Java ops can run {@code opType} of {@code domain} under this model's opsets. */
    public boolean canRun(String domain, String opType) {
        int opset = Domains.JINN.equals(domain) ? 1 : model.opset(domain);
        return opset > 0 && registry.resolve(domain, opType, opset).factory() != null;
    }

    /**
     * The domain a fused node of {@code opType} goes in: ai.onnx when the model's opset already has
     * that op's version, else Jinn's own domain (which only the Java provider runs); null when
     * neither can be run.
     */
    public String fusedDomain(String opType) {
        int since = Domains.FUSED.get(opType);
        if (model.opset(Domains.ONNX) >= since && canRun(Domains.ONNX, opType)) return Domains.ONNX;
        return useJinnOp(opType) ? Domains.JINN : null;
    }

    /** Whether the graph may use Jinn's own op {@code opType} (only the Java provider runs them); records the use. */
    boolean useJinnOp(String opType) {
        if (!jinnDomain || !canRun(Domains.JINN, opType)) return false;
        usesJinnDomain = true;
        return true;
    }

    boolean usesJinnDomain() {
        return usesJinnDomain;
    }

    /** Reserves room for a folded constant; false when it is over the per-tensor cap or the load budget. */
    boolean reserveFolded(long bytes) {
        if (bytes > maxFoldBytes || bytes > budgetLeft) return false;
        budgetLeft -= bytes;
        return true;
    }

    /** Bytes a folding step may hold while it computes. */
    long foldWorkBudget() {
        return Math.min(budgetLeft, 4 * maxFoldBytes);
    }
}
