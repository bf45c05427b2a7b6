package dev.jinn.ir;

import java.util.Map;

/** Operator-set domains and the newest version of each that Jinn knows. */
public final class Domains {
    public static final String ONNX = "";
    public static final String ML = "ai.onnx.ml";
    public static final String PREVIEW = "ai.onnx.preview";
    public static final String TRAINING = "ai.onnx.preview.training";
    public static final String MICROSOFT = "com.microsoft";
    /**
     * Jinn's own domain, for the nodes its optimizer fuses. An op here is the ai.onnx op of the same
     * name at the version {@link #FUSED} gives, whatever ai.onnx opset the model imports: a
     * LayerNormalization fused in an opset-11 model runs as LayerNormalization-17 while every other
     * node keeps the semantics of opset 11. The domain also holds Jinn's own fused ops, which ONNX
     * has no single op for: {@code MatMulAdd(A, B, bias)} = MatMul(A, B) + bias, bias 1-D over N.
     */
    public static final String JINN = "ai.jinn";
    public static final Map<String, Integer> FUSED = Map.of("LayerNormalization", 17, "RMSNormalization", 23, "Gelu", 20,
            "HardSwish", 14, "Swish", 24);

    /** Newest known version per domain: the newest in ONNX's backend test data (onnx 1.23 / opset 28). */
    public static final Map<String, Integer> NEWEST = Map.of(ONNX, 28, ML, 5, PREVIEW, 1, TRAINING, 1, MICROSOFT, 1);

    private Domains() {}

    /** "ai.onnx" is spelled "" in node and opset entries; Jinn keys by "". */
    public static String canonical(String domain) {
        return domain == null || domain.equals("ai.onnx") ? ONNX : domain;
    }

    public static String label(String domain) {
        return canonical(domain).isEmpty() ? "ai.onnx" : domain;
    }
}
