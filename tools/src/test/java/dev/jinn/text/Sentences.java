package dev.jinn.text;

import java.util.List;

/** Twenty varied texts: punctuation, accents, casing, long words, numbers, CJK, symbols. */
final class Sentences {
    private Sentences() {}

    static final List<String> TWENTY = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "HELLO, World!!! How are YOU doing today?",
            "Café, naïve, résumé, façade and Ångström: accents everywhere.",
            "Supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
            "In 2024, 3.14159 and 1,000,000 were typed 42 times; 7% said $19.99 (or €20).",
            "Don't won't can't shouldn't — it's the em-dash's fault...",
            "e-mail: someone@example.com, url: https://example.org/path?q=1&r=2#frag",
            "東京は日本の首都です。Tokyo is the capital of Japan.",
            "Ελληνικά ΚΕΦΑΛΑΙΑ και πεζά, ΟΔΟΣ.",
            "Zürich, Kraków, São Paulo, Reykjavík and İstanbul.",
            "   leading and trailing   whitespace\tand\ttabs\nand newlines   ",
            "C++ and C# are languages; so are Rust, Go, and Java 21.",
            "Emoji 😀 and symbols ★ ♥ ∑ ∞ are rare in BERT's vocabulary.",
            "a",
            "!!!???...",
            "The mitochondria is the powerhouse of the cell, said the biology teacher.",
            "Machine learning models transform sentences into dense vectors.",
            "ONNX runtimes execute neural networks exported from PyTorch and TensorFlow.",
            "Ça c'est très intéressant, n'est-ce pas? «Oui», répondit-elle.",
            "1st 2nd 3rd 4th 100th 2023-11-25T13:00:52Z 0x1F 1e-5");
}
