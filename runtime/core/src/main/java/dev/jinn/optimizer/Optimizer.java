package dev.jinn.optimizer;

import dev.jinn.JinnException;
import dev.jinn.ir.Domains;
import dev.jinn.ir.Graph;
import dev.jinn.ir.Model;
import dev.jinn.onnx.LoadOptions;
import dev.jinn.ops.OpRegistry;
import dev.jinn.providers.JavaProvider;
import dev.jinn.providers.Provider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Graph rewrites applied when a session is created (switch off with SessionOptions.withOptimize(false)).
 * Folding comes first so that fusions see constant eps, axes and weights; it runs again at the end
 * for what fusion exposes, followed by the merging of repeated computations. The rewrites touch the main graph; subgraph bodies run as written.
 */
public final class Optimizer {
    /** Largest single folded result; bigger ones are computed at run time instead of stored. */
    public static final long MAX_FOLDED_BYTES = 64L << 20;

    private static final List<Rewrite> STANDARD = List.of(new Float16Widening(), new ConstantFolding(), new DeadCodeElimination(),
            new LayerNormFusion(), new RmsNormFusion(), new GeluFusion(), new SwishFusion(), new MatMulAddFusion(), new BatchNormFolding(), new ConvEpilogueFusion(),
            new ConstantFolding(), new CommonSubexpressions(), new DeadCodeElimination());

    private Optimizer() {}

    public static Model optimize(Model model) {
        return optimize(model, LoadOptions.DEFAULT_MAX_TENSOR_BYTES, List.of(JavaProvider.INSTANCE));
    }

    /**
     * Optimizes for a session on {@code providers}. Constants are folded with Jinn's Java ops and
     * count against {@code loadBudgetBytes}. Nodes fused into Jinn's own domain (for models whose
     * ai.onnx opset predates the fused op) are made only when a Java provider is among the
     * providers, since no other provider knows that domain.
     */
    public static Model optimize(Model model, long loadBudgetBytes, List<Provider> providers) {
        boolean java = providers.stream().anyMatch(p -> p instanceof JavaProvider);
        return optimize(model, OpRegistry.standard(), loadBudgetBytes, java, STANDARD);
    }

    /** Applies {@code rewrites} in order; for tests of one rewrite. */
    static Model optimize(Model model, OpRegistry registry, long loadBudgetBytes, List<Rewrite> rewrites) {
        return optimize(model, registry, loadBudgetBytes, true, rewrites);
    }

    private static Model optimize(Model model, OpRegistry registry, long loadBudgetBytes, boolean jinnDomain,
                                  List<Rewrite> rewrites) {
        OptimizerContext ctx = new OptimizerContext(model, registry, loadBudgetBytes, MAX_FOLDED_BYTES, jinnDomain);
        Graph g = model.graph();
        for (Rewrite r : rewrites) {
            try {
                g = r.apply(g, ctx);
            } catch (JinnException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IllegalStateException("model '" + model.source() + "': optimizer rewrite '" + r.name()
                        + "' failed (a Jinn bug; SessionOptions.withOptimize(false) avoids it): " + e, e);
            }
        }
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
