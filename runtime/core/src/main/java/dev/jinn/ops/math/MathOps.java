package dev.jinn.ops.math;

import static dev.jinn.ir.Domains.ONNX;

import dev.jinn.ops.OpRegistry;

/**
 * Elementwise arithmetic, activations and Cast. Binary ops start at version 7, where the old
 * {@code broadcast} attribute gave way to numpy broadcasting; unary ones at 6, where
 * {@code consumed_inputs} went away. Later versions only added types, so one class runs them all.
 */
public final class MathOps {
    private MathOps() {}

    public static void registerAll(OpRegistry r) {
        r.addFrom(ONNX, "Add", Add::new, 7);
        r.addFrom(ONNX, "Sub", Sub::new, 7);
        r.addFrom(ONNX, "Mul", Mul::new, 7);
        r.addFrom(ONNX, "Div", Div::new, 7);
        r.addFrom(ONNX, "Pow", Pow::new, 7);
        r.addFrom(ONNX, "Max", Max::new, 6);
        r.addFrom(ONNX, "Min", Min::new, 6);
        r.addFrom(ONNX, "Sum", Sum::new, 6);
        r.addFrom(ONNX, "Mean", Mean::new, 6);

        r.addFrom(ONNX, "Sqrt", Sqrt::new, 6);
        r.addFrom(ONNX, "Reciprocal", Reciprocal::new, 6);
        r.addFrom(ONNX, "Exp", Exp::new, 6);
        r.addFrom(ONNX, "Log", Log::new, 6);
        r.addFrom(ONNX, "Erf", Erf::new, 9);
        r.addFrom(ONNX, "Tanh", Tanh::new, 6);
        r.addFrom(ONNX, "Sigmoid", Sigmoid::new, 6);
        r.addFrom(ONNX, "Relu", Relu::new, 6);
        r.addFrom(ONNX, "LeakyRelu", LeakyRelu::new, 6);
        r.addFrom(ONNX, "HardSigmoid", HardSigmoid::new, 6);
        r.addFrom(ONNX, "HardSwish", HardSwish::new, 14);
        r.addFrom(ONNX, "Gelu", Gelu::new, 20);
        r.addFrom(ONNX, "Neg", Neg::new, 6);
        r.addFrom(ONNX, "Abs", Abs::new, 6);
        r.addFrom(ONNX, "Floor", Floor::new, 6);
        r.addFrom(ONNX, "Ceil", Ceil::new, 6);
        r.addFrom(ONNX, "Clip", Clip::new, 6);

        r.addFrom(ONNX, "Cast", Cast::new, 6);
        r.addFrom(ONNX, "CastLike", CastLike::new, 15);
    }
}
