package dev.jinn.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jinn's WordPiece against the Rust `tokenizers` library (through DJL, as langchain4j uses it) on the same tokenizer.json. */
class WordPieceTokenizerTest {
    static WordPieceTokenizer jinn;
    static HuggingFaceTokenizer rust;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = resource()) {
            jinn = WordPieceTokenizer.load(in);
        }
        try (InputStream in = resource()) {
            rust = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "maxLength", "128"));
        }
    }

    private static InputStream resource() {
        return WordPieceTokenizerTest.class.getClassLoader().getResourceAsStream(SentenceEmbedder.MINILM_TOKENIZER);
    }

    private static void assertSameAsRust(String text) {
        Encoding expected = rust.encode(text);
        WordPieceTokenizer.Encoding got = jinn.encode(text);
        assertEquals(List.of(expected.getTokens()), got.tokens(), "tokens of '" + text + "'");
        assertArrayEquals(expected.getIds(), got.ids(), "ids of '" + text + "'");
        assertArrayEquals(expected.getAttentionMask(), got.attentionMask(), "mask of '" + text + "'");
        assertArrayEquals(expected.getTypeIds(), got.typeIds(), "type ids of '" + text + "'");
    }

    @Test
    void matchesTheRustTokenizerOnTwentySentences() {
        for (String s : Sentences.TWENTY) assertSameAsRust(s);
    }

    @Test
    void matchesOnEdgeCases() {
        for (String s : List.of("", " ", "[MASK] is special, [mask] is not", "x\u0000y\uFFFDz\u200Bw", "\u00A0non\u00A0breaking\u2003spaces",
                "İIıi ǅ ß ﬁ", "a".repeat(101), "ab".repeat(60) + " end", "Straße STRASSE", "ﬀ ﬃ ㎞ ①")) {
            assertSameAsRust(s);
        }
    }

    @Test
    void truncatesToTheFilesMaxLength() {
        String longText = "word ".repeat(300);
        WordPieceTokenizer.Encoding e = jinn.encode(longText);
        assertEquals(128, jinn.maxLength());
        assertEquals(128, e.length());
        assertEquals("[SEP]", e.tokens().get(127));
        assertSameAsRust(longText);
    }

    @Test
    void refusesTokenizersItDoesNotImplement() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordPieceTokenizer.fromJson("{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}"));
        assertEquals("tokenizer.json: model type BPE (Jinn reads BERT WordPiece tokenizers)", e.getMessage());
    }
}
