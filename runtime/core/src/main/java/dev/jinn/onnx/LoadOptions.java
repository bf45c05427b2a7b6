package dev.jinn.onnx;

/**
 * Limits that apply while a model is read. {@code maxTensorBytes} bounds the bytes of all
 * initializers and constant tensors together and is checked before anything is allocated, so a
 * header that claims terabytes costs nothing.
 */
public record LoadOptions(long maxTensorBytes, int maxSubgraphDepth) {
    public static final long DEFAULT_MAX_TENSOR_BYTES = 8L << 30;
    public static final int DEFAULT_MAX_SUBGRAPH_DEPTH = 32;

    public static LoadOptions defaults() {
        return new LoadOptions(DEFAULT_MAX_TENSOR_BYTES, DEFAULT_MAX_SUBGRAPH_DEPTH);
    }

    public LoadOptions withMaxTensorBytes(long bytes) {
        return new LoadOptions(bytes, maxSubgraphDepth);
    }
}
