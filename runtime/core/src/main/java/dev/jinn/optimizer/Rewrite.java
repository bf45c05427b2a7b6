package dev.jinn.optimizer;

import dev.jinn.ir.Graph;

/** One graph rewrite. It must keep every graph output's value (up to float rounding) and the topological order. */
public interface Rewrite {
    String name();

    /** Returns the rewritten graph, or {@code graph} itself when nothing matched. */
    Graph apply(Graph graph, OptimizerContext ctx);
}
