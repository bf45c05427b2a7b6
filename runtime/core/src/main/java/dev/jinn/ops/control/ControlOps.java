package dev.jinn.ops.control;

import dev.jinn.ir.Domains;
import dev.jinn.ops.OpRegistry;

/** Control flow: operators that run subgraphs. */
public final class ControlOps {
    private ControlOps() {}

    public static void registerAll(OpRegistry r) {
        r.addFrom(Domains.ONNX, "If", If::new, 1);
        r.addFrom(Domains.ONNX, "Loop", Loop::new, 1);
    }
}
