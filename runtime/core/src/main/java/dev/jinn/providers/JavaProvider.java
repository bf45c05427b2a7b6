package dev.jinn.providers;

import dev.jinn.JinnException;
import dev.jinn.MalformedModelException;
import dev.jinn.ir.Node;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.OpRegistry;

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
}
