package dev.jinn.ops.norm;

import dev.jinn.ir.Domains;
import dev.jinn.ops.OpRegistry;

/** The normalization family, Jinn's headline operators. */
public final class NormOps {
    private NormOps() {}

    public static void registerAll(OpRegistry r) {
        r.add(Domains.ONNX, "LayerNormalization", LayerNormalization::new, 17);
    }
}
