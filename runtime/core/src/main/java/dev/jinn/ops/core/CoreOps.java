package dev.jinn.ops.core;

import dev.jinn.ir.Domains;
import dev.jinn.ops.OpRegistry;

/** Graph plumbing: values passed through or baked into the model. */
public final class CoreOps {
    private CoreOps() {}

    public static void registerAll(OpRegistry r) {
        r.addFrom(Domains.ONNX, "Identity", Identity::new, 1);
        r.addFrom(Domains.ONNX, "Constant", Constant::new, 1);
    }
}
