package dev.jinn.ops.math;

import dev.jinn.ops.NodeContext;

/** Selu-6/22: gamma * (x, or alpha * (e^x - 1) below zero), with SELU's constants as defaults. */
public final class Selu extends Unary {
    private final double alpha;
    private final double gamma;

    public Selu(NodeContext node) {
        super(node);
        alpha = node.getFloat("alpha", 1.67326319217681884765625f);
        gamma = node.getFloat("gamma", 1.05070102214813232421875f);
    }

    @Override
    protected double d(double x) {
        return gamma * (x > 0 ? x : alpha * Math.expm1(x));
    }
}
