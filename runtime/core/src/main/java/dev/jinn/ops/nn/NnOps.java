package dev.jinn.ops.nn;

import dev.jinn.ir.Domains;
import dev.jinn.ops.OpRegistry;

/** Neural-network operators: softmax, convolution, pooling, resizing. */
public final class NnOps {
    private NnOps() {}

    public static void registerAll(OpRegistry r) {
        r.add(Domains.ONNX, "Softmax", Softmax::softmax, 1, 11, 13);
        r.add(Domains.ONNX, "LogSoftmax", Softmax::logSoftmax, 1, 11, 13);
        r.add(Domains.ONNX, "Conv", Conv::new, 1, 11, 22);
        r.add(Domains.MICROSOFT, "FusedConv", Conv::fused, 1);
        r.add(Domains.JINN, "FusedConv", Conv::fused, 1);
        r.add(Domains.ONNX, "ConvTranspose", ConvTranspose::new, 1, 11, 22);
        r.add(Domains.ONNX, "MaxPool", Pool::maxPool, 1, 8, 10, 11, 12, 22);
        r.add(Domains.ONNX, "AveragePool", Pool::averagePool, 1, 7, 10, 11, 19, 22);
        r.add(Domains.ONNX, "GlobalAveragePool", GlobalPool::average, 1, 22);
        r.add(Domains.ONNX, "GlobalMaxPool", GlobalPool::max, 1, 22);
        r.add(Domains.ONNX, "Resize", Resize::resize, 10, 11, 13, 18, 19);
        r.add(Domains.ONNX, "Upsample", Resize::upsample, 7, 9, 10);
    }
}
