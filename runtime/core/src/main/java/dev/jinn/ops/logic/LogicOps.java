package dev.jinn.ops.logic;

import static dev.jinn.ir.Domains.ONNX;

import dev.jinn.ops.OpRegistry;

/** Comparisons, boolean connectives and Where; all produce or consume bool tensors. */
public final class LogicOps {
    private LogicOps() {}

    public static void registerAll(OpRegistry r) {
        r.addFrom(ONNX, "Equal", Equal::new, 7);
        r.addFrom(ONNX, "Less", Less::new, 7);
        r.addFrom(ONNX, "Greater", Greater::new, 7);
        r.addFrom(ONNX, "LessOrEqual", LessOrEqual::new, 12);
        r.addFrom(ONNX, "GreaterOrEqual", GreaterOrEqual::new, 12);
        r.addFrom(ONNX, "And", And::new, 7);
        r.addFrom(ONNX, "Or", Or::new, 7);
        r.addFrom(ONNX, "Xor", Xor::new, 7);
        r.addFrom(ONNX, "Not", Not::new, 1);
        r.addFrom(ONNX, "Where", Where::new, 9);
        r.addFrom(ONNX, "IsNaN", IsNaN::new, 9);
        r.addFrom(ONNX, "IsInf", IsInf::new, 10);
    }
}
