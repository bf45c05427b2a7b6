package dev.jinn.ops.math;

import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.kernels.elementwise.ScalarElementwiseKernel;
import dev.jinn.ops.NodeContext;

/** Gelu-20: x * Phi(x) with the exact erf form, or its tanh approximation when approximate = "tanh". */
public final class Gelu extends Unary {
    private final boolean tanh;

    public Gelu(NodeContext node) {
        super(node);
        String approximate = node.getString("approximate", "none");
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw node.malformed("attribute 'approximate': expected 'none' or 'tanh', got '" + approximate + "'");
        }
        tanh = approximate.equals("tanh");
    }

    @Override
    protected ElementwiseKernel.Fn vector() {
        return tanh ? ElementwiseKernel.Fn.GELU_TANH : ElementwiseKernel.Fn.GELU;
    }

    @Override
    protected double d(double x) {
        return tanh ? 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)))
                : 0.5 * x * (1 + ScalarElementwiseKernel.erf(x / Math.sqrt(2)));
    }
}
