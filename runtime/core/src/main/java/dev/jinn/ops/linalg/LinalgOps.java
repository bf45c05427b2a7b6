package dev.jinn.ops.linalg;

import dev.jinn.ir.Domains;
import dev.jinn.ops.OpRegistry;

/** Matrix products. */
public final class LinalgOps {
    private LinalgOps() {}

    public static void registerAll(OpRegistry r) {
        r.add(Domains.ONNX, "MatMul", MatMul::new, 1, 9, 13);
        r.add(Domains.ONNX, "Gemm", Gemm::new, 1, 6, 7, 9, 11, 13);
        r.add(Domains.JINN, "MatMulAdd", MatMul::new, 1);
    }
}
