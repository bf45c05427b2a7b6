package dev.jinn.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.exec.SessionOptions;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** all-MiniLM-L6-v2 on Jinn's Java ops against langchain4j's AllMiniLmL6V2EmbeddingModel (ONNX Runtime). */
class SentenceEmbedderTest {
    static SentenceEmbedder jinn;
    static AllMiniLmL6V2EmbeddingModel ort;

    @BeforeAll
    static void load() {
        jinn = SentenceEmbedder.allMiniLmL6V2(SessionOptions.defaults().withThreads(2));
        ort = new AllMiniLmL6V2EmbeddingModel();
    }

    @AfterAll
    static void close() {
        if (jinn != null) jinn.close();
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void twentySentencesMatchOnnxRuntimeThroughLangchain4j() {
        List<String> report = new ArrayList<>();
        double worst = 1;
        for (String s : Sentences.TWENTY) {
            float[] expected = ort.embed(s).content().vector();
            float[] got = jinn.embed(s);
            assertEquals(384, got.length);
            assertEquals(1.0, SentenceEmbedder.norm(got), 1e-5, "norm for '" + s + "'");
            double cos = cosine(expected, got);
            worst = Math.min(worst, cos);
            report.add(String.format(Locale.ROOT, "%.7f  %s", cos, s));
            assertTrue(cos >= 0.9999, "cosine " + cos + " for '" + s + "'");
        }
        System.out.println("all-MiniLM-L6-v2, Jinn vs langchain4j/ORT, worst cosine " + worst + ":\n  " + String.join("\n  ", report));
    }

    @Test
    void aPaddedBatchGivesTheSameVectorsAsOneByOne() {
        List<String> texts = Sentences.TWENTY.subList(0, 6);
        List<float[]> batch = jinn.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            double cos = cosine(jinn.embed(texts.get(i)), batch.get(i));
            assertTrue(cos >= 0.99999, "cosine " + cos + " for '" + texts.get(i) + "' padded in a batch");
        }
    }

    @Test
    void optimizedMiniLmHas13LayerNormsAndNoReduceMean() {
        var counts = new java.util.TreeMap<String, Integer>();
        jinn.session().model().graph().nodes().forEach(n -> counts.merge(n.opType(), 1, Integer::sum));
        assertEquals(13, counts.getOrDefault("LayerNormalization", 0), counts.toString());
        assertEquals(0, counts.getOrDefault("ReduceMean", 0), counts.toString());
        assertEquals(6, counts.getOrDefault("Gelu", 0), counts.toString());
        assertEquals(0, counts.getOrDefault("Erf", 0), counts.toString());
        assertEquals(0, counts.getOrDefault("Constant", 0), counts.toString());
    }
}
