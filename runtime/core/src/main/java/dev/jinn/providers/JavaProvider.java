package dev.jinn.providers;

import dev.jinn.JinnException;
import dev.jinn.MalformedModelException;
import dev.jinn.ir.Node;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.OpRegistry;
import dev.jinn.ops.OpSchemas;

/** Runs nodes on Jinn's own Java ops. */
public final class JavaProvider implements Provider {
    public static final JavaProvider INSTANCE = new JavaProvider(OpRegistry.standard());

    private final OpRegistry registry;

    public JavaProvider(OpRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public Compiled compile(String model, Node node, int opset, NodeContext.SubgraphCompiler subgraphs) {
        return compile(model, node, opset, subgraphs, name -> null);
    }

    @Override
    public Compiled compile(String model, Node node, int opset, NodeContext.SubgraphCompiler subgraphs,
                            java.util.function.Function<String, dev.jinn.tensor.Tensor> constants) {
        OpRegistry.Resolution r = registry.resolve(node.domain(), node.opType(), opset);
        if (r.factory() == null) return new Compiled(null, r.version(), r.reason());
        NodeContext context = new NodeContext(model, node, r.version(), subgraphs, constants);
        requireInputs(context);
        try {
            return new Compiled(r.factory().create(context), r.version(), null);
        } catch (NodeContext.Unsupported u) {
            return new Compiled(null, r.version(), u.getMessage());
        } catch (JinnException e) {
            throw e;
        } catch (RuntimeException e) {
            // An op that trips over its attributes (a value beyond int, one of another type) still
            // names the model and the node, as Plan.run does for one that trips over its inputs.
            throw new MalformedModelException(context.describe() + ": cannot read its attributes: " + e, e);
        }
    }

    /**
     * Refuses a node that leaves an input empty which its schema requires, so that no kernel ever
     * meets a null where the spec promises a tensor.
     */
    private static void requireInputs(NodeContext context) {
        Node node = context.node();
        OpSchemas.Schema schema = OpSchemas.find(node.domain(), node.opType());
        int[] required = schema == null ? null : schema.requiredInputs(context.version());
        if (required == null) return;
        for (int i : required) {
            if (!context.hasInput(i)) {
                throw context.malformed("input " + i + " is required by " + node.opType() + "-" + context.version()
                        + (i < node.inputs().size() ? " but is empty" : " but the node has only " + node.inputs().size() + " inputs"));
            }
        }
    }
}
