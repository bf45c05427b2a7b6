package dev.jinn.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT's WordPiece tokenizer, configured from a Hugging Face tokenizer.json (BertNormalizer,
 * BertPreTokenizer, WordPiece model), producing what the Rust `tokenizers` library produces for
 * one sequence: [CLS] pieces [SEP], truncated to the file's max length. The steps follow the Rust
 * code: clean text (drop controls, whitespace to ' '), space out CJK ideographs, strip accents
 * (NFD, drop nonspacing marks), lower-case char by char, split on whitespace and around every
 * punctuation char, then greedy longest-match-first WordPiece with "##" continuations.
 */
public final class WordPieceTokenizer {
    /** One encoded sequence; all arrays have the same length. */
    public record Encoding(List<String> tokens, long[] ids, long[] attentionMask, long[] typeIds) {
        public int length() {
            return ids.length;
        }
    }

    private final Map<String, Integer> vocab;
    private final String unk;
    private final String prefix;
    private final int maxCharsPerWord;
    private final String cls;
    private final String sep;
    private final String pad;
    private final int maxLength;
    private final boolean cleanText;
    private final boolean chineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;
    /** Special tokens matched verbatim in the raw text before normalization, longest first. */
    private final List<String> specials;

    private WordPieceTokenizer(Map<String, Object> json) {
        Map<String, Object> model = object(json, "model");
        if (!"WordPiece".equals(model.get("type"))) throw unsupported("model type " + model.get("type"));
        vocab = new HashMap<>();
        object(model, "vocab").forEach((k, v) -> vocab.put(k, ((Number) v).intValue()));
        unk = string(model, "unk_token", "[UNK]");
        prefix = string(model, "continuing_subword_prefix", "##");
        maxCharsPerWord = model.get("max_input_chars_per_word") instanceof Number n ? n.intValue() : 100;

        Map<String, Object> norm = json.get("normalizer") instanceof Map<?, ?> m ? cast(m) : null;
        if (norm != null && !"BertNormalizer".equals(norm.get("type"))) throw unsupported("normalizer " + norm.get("type"));
        cleanText = norm != null && !Boolean.FALSE.equals(norm.get("clean_text"));
        chineseChars = norm != null && !Boolean.FALSE.equals(norm.get("handle_chinese_chars"));
        lowercase = norm != null && !Boolean.FALSE.equals(norm.get("lowercase"));
        stripAccents = norm != null && (norm.get("strip_accents") instanceof Boolean b ? b : lowercase);
        Map<String, Object> pre = json.get("pre_tokenizer") instanceof Map<?, ?> m ? cast(m) : null;
        if (pre == null || !"BertPreTokenizer".equals(pre.get("type"))) {
            throw unsupported("pre_tokenizer " + (pre == null ? "none" : pre.get("type")));
        }

        String c = "[CLS]";
        String s = "[SEP]";
        if (json.get("post_processor") instanceof Map<?, ?> pp && pp.get("single") instanceof List<?> single) {
            List<String> specialIds = new ArrayList<>();
            for (Object o : single) {
                if (o instanceof Map<?, ?> e && e.get("SpecialToken") instanceof Map<?, ?> st) specialIds.add((String) st.get("id"));
            }
            if (specialIds.size() == 2) {
                c = specialIds.get(0);
                s = specialIds.get(1);
            }
        }
        cls = c;
        sep = s;
        String p = "[PAD]";
        int max = 512;
        if (json.get("padding") instanceof Map<?, ?> pd && pd.get("pad_token") instanceof String t) p = t;
        if (json.get("truncation") instanceof Map<?, ?> tr && tr.get("max_length") instanceof Number n) max = n.intValue();
        pad = p;
        maxLength = max;
        List<String> sp = new ArrayList<>();
        if (json.get("added_tokens") instanceof List<?> added) {
            for (Object o : added) {
                if (o instanceof Map<?, ?> t && Boolean.TRUE.equals(t.get("special")) && t.get("content") instanceof String content) {
                    sp.add(content);
                }
            }
        }
        sp.sort(Comparator.comparingInt(String::length).reversed());
        specials = List.copyOf(sp);
        for (String t : List.of(unk, cls, sep, pad)) {
            if (!vocab.containsKey(t)) throw unsupported("special token " + t + " is not in the vocabulary");
        }
    }

    public static WordPieceTokenizer fromJson(String json) {
        if (!(Json.parse(json) instanceof Map<?, ?> m)) throw unsupported("not a JSON object");
        return new WordPieceTokenizer(cast(m));
    }

    public static WordPieceTokenizer load(InputStream in) throws IOException {
        return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Most tokens an encoding has, [CLS] and [SEP] included. */
    public int maxLength() {
        return maxLength;
    }

    public int vocabSize() {
        return vocab.size();
    }

    public int padId() {
        return vocab.get(pad);
    }

    /** [CLS] + pieces + [SEP], the pieces cut so the whole fits {@link #maxLength()}. */
    public Encoding encode(String text) {
        List<String> pieces = tokenize(text);
        int keep = Math.max(0, Math.min(pieces.size(), maxLength - 2));
        List<String> tokens = new ArrayList<>(keep + 2);
        tokens.add(cls);
        tokens.addAll(pieces.subList(0, keep));
        tokens.add(sep);
        long[] ids = new long[tokens.size()];
        long[] mask = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocab.getOrDefault(tokens.get(i), vocab.get(unk));
            mask[i] = 1;
        }
        return new Encoding(List.copyOf(tokens), ids, mask, new long[ids.length]);
    }

    /** The WordPiece tokens of {@code text}, without [CLS]/[SEP] or truncation. */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int[] hit = nextSpecial(text, start);
            String chunk = text.substring(start, hit == null ? text.length() : hit[0]);
            for (String word : preTokenize(normalize(chunk))) wordPiece(word, out);
            if (hit == null) break;
            out.add(text.substring(hit[0], hit[1]));
            start = hit[1];
        }
        return out;
    }

    /** [from, to) of the first special token at or after {@code from}; null when none. */
    private int[] nextSpecial(String text, int from) {
        int[] best = null;
        for (String s : specials) {
            int i = text.indexOf(s, from);
            if (i >= 0 && (best == null || i < best[0])) best = new int[] {i, i + s.length()};
        }
        return best;
    }

    String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cleanText) {
                if (cp == 0 || cp == 0xFFFD || isControl(cp)) return;
                if (isWhitespace(cp)) cp = ' ';
            }
            if (chineseChars && isCjk(cp)) sb.append(' ').appendCodePoint(cp).append(' ');
            else sb.appendCodePoint(cp);
        });
        String s = sb.toString();
        if (stripAccents) {
            StringBuilder stripped = new StringBuilder(s.length());
            Normalizer.normalize(s, Normalizer.Form.NFD).codePoints()
                    .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
                    .forEach(stripped::appendCodePoint);
            s = stripped.toString();
        }
        if (lowercase) {
            // Char by char, as Rust's char::to_lowercase: no context rules such as the final sigma.
            StringBuilder lower = new StringBuilder(s.length());
            s.codePoints().forEach(cp -> lower.append(Character.toString(cp).toLowerCase(Locale.ROOT)));
            s = lower.toString();
        }
        return s;
    }

    /** Splits on whitespace, and around each punctuation char, which becomes a word of its own. */
    static List<String> preTokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (isWhitespace(cp)) {
                flush(cur, words);
            } else if (isPunctuation(cp)) {
                flush(cur, words);
                words.add(Character.toString(cp));
            } else {
                cur.appendCodePoint(cp);
            }
        });
        flush(cur, words);
        return words;
    }

    private static void flush(StringBuilder cur, List<String> words) {
        if (!cur.isEmpty()) words.add(cur.toString());
        cur.setLength(0);
    }

    private void wordPiece(String word, List<String> out) {
        int[] cps = word.codePoints().toArray();
        if (cps.length > maxCharsPerWord) {
            out.add(unk);
            return;
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            String found = null;
            int end = cps.length;
            for (; end > start; end--) {
                String sub = new String(cps, start, end - start);
                if (start > 0) sub = prefix + sub;
                if (vocab.containsKey(sub)) {
                    found = sub;
                    break;
                }
            }
            if (found == null) {
                out.add(unk);
                return;
            }
            pieces.add(found);
            start = end;
        }
        out.addAll(pieces);
    }

    /** Rust's char::is_whitespace (Unicode White_Space), which Java's Character.isWhitespace is not. */
    static boolean isWhitespace(int cp) {
        return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    /** Unicode category C* other than tab, newline and carriage return. */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') return false;
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE || t == Character.SURROGATE;
    }

    /** ASCII punctuation (which includes $ + < = > ^ ` | ~) or Unicode category P*. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION || t == Character.OTHER_PUNCTUATION;
    }

    static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static Map<String, Object> object(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Map<?, ?> v)) throw unsupported("'" + key + "' is missing or not an object");
        return cast(v);
    }

    private static String string(Map<String, Object> m, String key, String dflt) {
        return m.get(key) instanceof String s ? s : dflt;
    }

    private static IllegalArgumentException unsupported(String what) {
        return new IllegalArgumentException("tokenizer.json: " + what + " (Jinn reads BERT WordPiece tokenizers)");
    }
}
