package dev.jinn.optimizer;

import dev.jinn.ir.Domains;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Model;
import dev.jinn.onnx.LoadOptions;
import dev.jinn.ops.OpRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Graph rewrites applied when a session is created (switch off with SessionOptions.withOptimize(false)).
 * Folding comes first so that fusions see constant eps, axes and weights; it runs again at the end
 * for what fusion exposes. The rewrites touch the main graph; subgraph bodies run as written.
 */
public final class Optimizer {
    /** Largest single folded result; bigger ones are computed at run time instead of stored. */
    public static final long MAX_FOLDED_BYTES = 64L << 20;

    private static final List<Rewrite> STANDARD = List.of(new ConstantFolding(), new DeadCodeElimination(),
            new LayerNormFusion(), new RmsNormFusion(), new GeluFusion(), new MatMulAddFusion(),
            new ConstantFolding(), new DeadCodeElimination());

    private Optimizer() {}

    public static Model optimize(Model model) {
        return optimize(model, LoadOptions.DEFAULT_MAX_TENSOR_BYTES);
    }

    /** Optimizes with Jinn's Java ops; folded constants count against {@code loadBudgetBytes}. */
    public static Model optimize(Model model, long loadBudgetBytes) {
        return optimize(model, OpRegistry.standard(), loadBudgetBytes, STANDARD);
    }

    /** Applies {@code rewrites} in order; for tests of one rewrite. */
    static Model optimize(Model model, OpRegistry registry, long loadBudgetBytes, List<Rewrite> rewrites) {
        OptimizerContext ctx = new OptimizerContext(model, registry, loadBudgetBytes, MAX_FOLDED_BYTES);
        Graph g = model.graph();
        for (Rewrite r : rewrites) g = r.apply(g, ctx);
        if (g == model.graph()) return model;
        Model out = model.withGraph(g);
        if (ctx.usesJinnDomain() && !model.opsets().containsKey(Domains.JINN)) {
            Map<String, Integer> opsets = new LinkedHashMap<>(model.opsets());
            opsets.put(Domains.JINN, 1);
            out = new Model(out.source(), out.irVersion(), opsets, out.producerName(), out.producerVersion(), g,
                    out.functions(), out.metadata());
        }
        return out;
    }
}
