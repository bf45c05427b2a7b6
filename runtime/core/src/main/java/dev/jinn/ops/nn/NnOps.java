package dev.jinn.ops.nn;

import dev.jinn.ir.Domains;
import dev.jinn.ops.OpRegistry;

/** Neural-network operators: softmax, convolution, pooling, resizing. */
public final class NnOps {
    private NnOps() {}

    public static void registerAll(OpRegistry r) {
        r.add(Domains.ONNX, "Softmax", Softmax::softmax, 1, 11, 13);
        r.add(Domains.ONNX, "LogSoftmax", Softmax::logSoftmax, 1, 11, 13);
    }
}
