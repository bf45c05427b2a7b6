package dev.jinn.ops.reduce;

import static dev.jinn.ir.Domains.ONNX;

import dev.jinn.ops.OpRegistry;

/** Reductions and arg-reductions. Each op reads its axes from wherever its version puts them. */
public final class ReduceOps {
    private ReduceOps() {}

    public static void registerAll(OpRegistry r) {
        r.addFrom(ONNX, "ReduceSum", ReduceSum::new, 1);
        r.addFrom(ONNX, "ReduceMean", ReduceMean::new, 1);
        r.addFrom(ONNX, "ReduceMax", ReduceMax::new, 1);
        r.addFrom(ONNX, "ReduceMin", ReduceMin::new, 1);
        r.addFrom(ONNX, "ReduceProd", ReduceProd::new, 1);
        r.addFrom(ONNX, "ReduceL1", ReduceL1::new, 1);
        r.addFrom(ONNX, "ReduceL2", ReduceL2::new, 1);
        r.addFrom(ONNX, "ReduceSumSquare", ReduceSumSquare::new, 1);
        r.addFrom(ONNX, "ReduceLogSum", ReduceLogSum::new, 1);
        r.addFrom(ONNX, "ReduceLogSumExp", ReduceLogSumExp::new, 1);
        r.addFrom(ONNX, "ArgMax", ArgMax::new, 1);
        r.addFrom(ONNX, "ArgMin", ArgMin::new, 1);
    }
}
