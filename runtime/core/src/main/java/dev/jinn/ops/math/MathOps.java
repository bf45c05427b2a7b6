package dev.jinn.ops.math;

import static dev.jinn.ir.Domains.ONNX;

import dev.jinn.ops.OpRegistry;

/**
 * Elementwise arithmetic, activations and Cast. Later versions of these only added types (binary
 * ops before 7 also had the {@code broadcast} attribute, which {@link Binary} honours; unary ones
 * before 6 the ignorable {@code consumed_inputs}), so one class runs every version registered.
 */
public final class MathOps {
    private MathOps() {}

    public static void registerAll(OpRegistry r) {
        r.addFrom(ONNX, "Add", Add::new, 1);
        r.addFrom(ONNX, "Sub", Sub::new, 1);
        r.addFrom(ONNX, "Mul", Mul::new, 1);
        r.addFrom(ONNX, "Div", Div::new, 1);
        r.addFrom(ONNX, "Pow", Pow::new, 1);
        r.addFrom(ONNX, "Max", Max::new, 1);
        r.addFrom(ONNX, "Min", Min::new, 1);
        r.addFrom(ONNX, "Sum", Sum::new, 1);
        r.addFrom(ONNX, "Mean", Mean::new, 1);

        r.addFrom(ONNX, "Sqrt", Sqrt::new, 1);
        r.addFrom(ONNX, "Reciprocal", Reciprocal::new, 1);
        r.addFrom(ONNX, "Exp", Exp::new, 1);
        r.addFrom(ONNX, "Log", Log::new, 1);
        r.addFrom(ONNX, "Erf", Erf::new, 9);
        r.addFrom(ONNX, "Tanh", Tanh::new, 1);
        r.addFrom(ONNX, "Sigmoid", Sigmoid::new, 1);
        r.addFrom(ONNX, "Relu", Relu::new, 1);
        r.addFrom(ONNX, "LeakyRelu", LeakyRelu::new, 1);
        r.addFrom(ONNX, "HardSigmoid", HardSigmoid::new, 1);
        r.addFrom(ONNX, "HardSwish", HardSwish::new, 14);
        r.addFrom(ONNX, "Gelu", Gelu::new, 20);
        r.addFrom(ONNX, "Neg", Neg::new, 1);
        r.addFrom(ONNX, "Abs", Abs::new, 1);
        r.addFrom(ONNX, "Floor", Floor::new, 1);
        r.addFrom(ONNX, "Ceil", Ceil::new, 1);
        r.addFrom(ONNX, "Clip", Clip::new, 1);
        r.addFrom(ONNX, "Sin", Sin::new, 7);
        r.addFrom(ONNX, "Cos", Cos::new, 7);
        r.addFrom(ONNX, "Tan", Tan::new, 7);
        r.addFrom(ONNX, "Asin", Asin::new, 7);
        r.addFrom(ONNX, "Acos", Acos::new, 7);
        r.addFrom(ONNX, "Atan", Atan::new, 7);
        r.addFrom(ONNX, "Sinh", Sinh::new, 9);
        r.addFrom(ONNX, "Cosh", Cosh::new, 9);
        r.addFrom(ONNX, "Asinh", Asinh::new, 9);
        r.addFrom(ONNX, "Acosh", Acosh::new, 9);
        r.addFrom(ONNX, "Atanh", Atanh::new, 9);
        r.addFrom(ONNX, "Sign", Sign::new, 9);
        r.addFrom(ONNX, "Round", Round::new, 11);
        r.addFrom(ONNX, "Softplus", Softplus::new, 1);
        r.addFrom(ONNX, "Softsign", Softsign::new, 1);
        r.addFrom(ONNX, "Mish", Mish::new, 18);
        r.addFrom(ONNX, "Swish", Swish::new, 24);
        r.addFrom(ONNX, "Elu", Elu::new, 1);
        r.addFrom(ONNX, "Selu", Selu::new, 1);
        r.addFrom(ONNX, "Celu", Celu::new, 12);
        r.addFrom(ONNX, "ThresholdedRelu", ThresholdedRelu::new, 10);
        r.addFrom(ONNX, "Shrink", Shrink::new, 9);
        r.addFrom(ONNX, "PRelu", PRelu::new, 6);
        r.addFrom(ONNX, "Mod", Mod::new, 10);
        r.addFrom(ONNX, "BitwiseAnd", BitwiseAnd::new, 18);
        r.addFrom(ONNX, "BitwiseOr", BitwiseOr::new, 18);
        r.addFrom(ONNX, "BitwiseXor", BitwiseXor::new, 18);
        r.addFrom(ONNX, "BitwiseNot", BitwiseNot::new, 18);
        r.addFrom(ONNX, "BitShift", BitShift::new, 11);

        r.addFrom(ONNX, "Cast", Cast::new, 6);
        r.addFrom(ONNX, "CastLike", CastLike::new, 15);
        r.addFrom(ONNX, "BitCast", BitCast::new, 26);
    }
}
