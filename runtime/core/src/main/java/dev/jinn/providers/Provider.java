package dev.jinn.providers;

import dev.jinn.ir.Node;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;

/**
 * A back-end that runs nodes. The planner offers each node to the session's providers in order and
 * the first that can run it takes it. A provider either compiles nodes one at a time ({@link
 * #compile}), or takes whole runs of consecutive nodes ({@link #takes} and {@link #compileRun}), the
 * way ONNX Runtime compiles a subgraph once and runs it as one step.
 */
public interface Provider extends AutoCloseable {
    /** What a provider made of one node: an op, or the reason it cannot run it. */
    record Compiled(Op op, int version, String reason) {
        public boolean ok() {
            return op != null;
        }
    }

    String name();

    /**
     * @param opset the model's opset version for the node's domain
     */
    Compiled compile(String model, Node node, int opset, NodeContext.SubgraphCompiler subgraphs);

    /**
     * As {@link #compile(String, Node, int, NodeContext.SubgraphCompiler)}, also telling the provider
     * which inputs are constant initializers ({@code constants} gives their value, null otherwise).
     */
    default Compiled compile(String model, Node node, int opset, NodeContext.SubgraphCompiler subgraphs,
                             java.util.function.Function<String, dev.jinn.tensor.Tensor> constants) {
        return compile(model, node, opset, subgraphs);
    }

    /**
     * Whether this provider takes {@code node} into a run of nodes it compiles together. Providers
     * that say yes are never asked to {@link #compile} single nodes.
     */
    default boolean takes(Node node, int opset) {
        return false;
    }

    /**
     * Compiles a run of nodes into one op whose inputs and outputs are {@link Subgraph#inputs()} and
     * {@link Subgraph#outputs()} in order.
     */
    default Op compileRun(Subgraph run) {
        throw new UnsupportedOperationException(name() + " does not compile runs of nodes");
    }

    @Override
    default void close() {}
}
