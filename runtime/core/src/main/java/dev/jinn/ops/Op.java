package dev.jinn.ops;

import dev.jinn.exec.ExecContext;
import dev.jinn.tensor.Tensor;

/**
 * A node made ready to run: attributes already parsed and checked. It holds no per-run state, so one
 * instance serves every thread that runs the session.
 */
@FunctionalInterface
public interface Op {
    /**
     * @param inputs one per node input; null where an optional input is absent. A node with
     *               subgraphs (If, Loop) gets after those its implicit inputs: the values of
     *               {@link NodeContext#implicitInputs()}, in that order, for its subgraphs' outer names
     * @return one per node output; null is allowed for an output the node does not need (empty name)
     */
    Tensor[] run(Tensor[] inputs, ExecContext ctx);
}
