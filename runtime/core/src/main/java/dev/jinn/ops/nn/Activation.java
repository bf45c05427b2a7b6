package dev.jinn.ops.nn;

import dev.jinn.kernels.Kernels;
import dev.jinn.kernels.elementwise.ElementwiseKernel;
import dev.jinn.kernels.gemm.GemmKernel;
import dev.jinn.ops.NodeContext;

/**
 * The activation that ONNX Runtime's fused ops (com.microsoft FusedConv) apply to their result,
 * named by the {@code activation} attribute with its {@code activation_params}: Relu, Tanh, Sigmoid,
 * LeakyRelu (alpha, default 0.01), Clip (min, max) and HardSigmoid (alpha, beta, default 0.2, 0.5).
 * It runs as the GEMM's epilogue, on each finished row segment while it is still in cache.
 */
record Activation(String kind, float[] params) implements GemmKernel.Epilogue {
    /** The node's activation; null when it names none. */
    static Activation read(NodeContext node) {
        String kind = node.getString("activation", "");
        if (kind.isEmpty()) return null;
        float[] p = node.getFloats("activation_params", new float[0]);
        int want = switch (kind) {
            case "Relu", "Tanh", "Sigmoid" -> 0;
            case "LeakyRelu" -> p.length == 0 ? 0 : 1;
            case "Clip", "HardSigmoid" -> p.length == 0 && kind.equals("HardSigmoid") ? 0 : 2;
            default -> throw node.unsupported("activation '" + kind + "'");
        };
        if (p.length != want) throw node.malformed("activation " + kind + " takes " + want + " activation_params, got " + p.length);
        if (kind.equals("LeakyRelu") && p.length == 0) p = new float[] {0.01f};
        if (kind.equals("HardSigmoid") && p.length == 0) p = new float[] {0.2f, 0.5f};
        return new Activation(kind, p);
    }

    @Override
    public void apply(float[] c, int off, int len) {
        ElementwiseKernel k = Kernels.elementwise();
        switch (kind) {
            case "Relu" -> k.unary(ElementwiseKernel.Fn.RELU, c, c, off, off + len);
            case "Tanh" -> k.unary(ElementwiseKernel.Fn.TANH, c, c, off, off + len);
            case "Sigmoid" -> k.unary(ElementwiseKernel.Fn.SIGMOID, c, c, off, off + len);
            case "LeakyRelu" -> k.leakyRelu(c, off, off + len, params[0]);
            case "Clip" -> k.clamp(c, off, off + len, 1f, 0f, params[0], params[1]);
            case "HardSigmoid" -> k.clamp(c, off, off + len, params[0], params[1], 0f, 1f);
            default -> throw new IllegalStateException(kind);
        }
    }
}
