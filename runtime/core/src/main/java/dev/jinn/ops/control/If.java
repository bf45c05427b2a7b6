package dev.jinn.ops.control;

import dev.jinn.exec.ExecContext;
import dev.jinn.ops.NodeContext;
import dev.jinn.ops.Op;
import dev.jinn.tensor.Tensor;
import java.util.List;

/**
 * If-1/11/13/16/19/21/23/24/25: runs then_branch or else_branch on a one-element bool condition.
 * Later versions only widened the types a branch may return; Jinn runs branches that yield tensors.
 */
public final class If implements Op {
    private final NodeContext node;
    private final NodeContext.GraphRunner thenBranch;
    private final NodeContext.GraphRunner elseBranch;
    private final List<String> implicit;

    public If(NodeContext node) {
        this.node = node;
        this.thenBranch = node.subgraph("then_branch");
        this.elseBranch = node.subgraph("else_branch");
        this.implicit = node.implicitInputs();
    }

    @Override
    public Tensor[] run(Tensor[] in, ExecContext ctx) {
        Tensor cond = in[0];
        if (cond.size() != 1) throw node.badShape(0, "a single element", cond.shape());
        NodeContext.GraphRunner branch = cond.getLong(0) != 0 ? thenBranch : elseBranch;
        Tensor[] out = branch.run(new Tensor[0], Scope.of(node, implicit, in), ctx);
        if (out.length != node.outputCount()) {
            throw node.invalid("the branch taken returned " + out.length + " values for " + node.outputCount() + " outputs");
        }
        return out;
    }
}
