package dev.jinn.ops.norm;

import dev.jinn.ir.Domains;
import dev.jinn.ops.OpRegistry;

/** The normalization family, Jinn's headline operators. */
public final class NormOps {
    private NormOps() {}

    public static void registerAll(OpRegistry r) {
        r.add(Domains.ONNX, "LayerNormalization", LayerNormalization::new, 17);
        r.add(Domains.ONNX, "BatchNormalization", BatchNormalization::new, 1, 6, 7, 9, 14, 15);
        r.add(Domains.ONNX, "InstanceNormalization", InstanceNormalization::new, 1, 6, 22);
        r.add(Domains.ONNX, "GroupNormalization", GroupNormalization::new, 18, 21);
        r.add(Domains.ONNX, "RMSNormalization", RMSNormalization::new, 23);
        r.add(Domains.ONNX, "LpNormalization", LpNormalization::new, 1, 22);
        r.add(Domains.ONNX, "MeanVarianceNormalization", MeanVarianceNormalization::new, 9, 13);
        r.add(Domains.ONNX, "LRN", LRN::new, 1, 13);
        r.add(Domains.ONNX, "SimplifiedLayerNormalization", SimplifiedLayerNormalization::new, 1);
        r.add(Domains.MICROSOFT, "SkipLayerNormalization", SkipLayerNormalization::full, 1);
        r.add(Domains.MICROSOFT, "SkipSimplifiedLayerNormalization", SkipLayerNormalization::simplified, 1);
    }
}
