package dev.jinn.ops;

import dev.jinn.ir.Domains;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The since-versions of every operator ONNX (and ONNX Runtime's contrib domain) defines, read from
 * onnx-operators.tsv, which was transcribed from docs/Operators.md. With it Jinn names the exact
 * version a node resolves to, even for operators it cannot run, and never runs an old kernel for a
 * newer, different version of an operator.
 */
public final class OpSchemas {
    /**
     * @param required per since-version (same order as {@code versions}), the input positions a node
     *                 must fill; null where the schema's inputs were not transcribed (contrib ops)
     */
    public record Schema(String domain, String opType, int[] versions, boolean isFunction, int[][] required) {
        /** The highest since-version at or below {@code opset}, or -1 when the operator did not exist yet. */
        public int resolve(int opset) {
            for (int v : versions) if (v <= opset) return v;
            return -1;
        }

        /** The input positions a node of since-version {@code version} must fill, or null when unknown. */
        public int[] requiredInputs(int version) {
            if (required == null) return null;
            for (int i = 0; i < versions.length; i++) if (versions[i] == version) return required[i];
            return null;
        }
    }

    private static final Map<String, Schema> SCHEMAS = load();

    private OpSchemas() {}

    public static Schema find(String domain, String opType) {
        return SCHEMAS.get(Domains.canonical(domain) + "::" + opType);
    }

    private static Map<String, Schema> load() {
        Map<String, Schema> out = new HashMap<>();
        try (InputStream in = OpSchemas.class.getResourceAsStream("onnx-operators.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                String domain = Domains.canonical(f[0]);
                int[] versions = Arrays.stream(f[2].split(",")).mapToInt(Integer::parseInt).toArray();
                out.put(domain + "::" + f[1], new Schema(domain, f[1], versions, f[3].equals("function"), required(f[4], versions)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }

    /** Reads "13:0,1;7:0" (since-version:positions, "none" for no position) in the order of {@code versions}. */
    private static int[][] required(String column, int[] versions) {
        if (column.equals("-")) return null;
        String[] parts = column.split(";");
        int[][] out = new int[versions.length][];
        for (int i = 0; i < versions.length; i++) {
            String[] vp = parts[i].split(":");
            if (Integer.parseInt(vp[0]) != versions[i]) throw new IllegalStateException("onnx-operators.tsv: " + column);
            out[i] = vp[1].equals("none") ? new int[0] : Arrays.stream(vp[1].split(",")).mapToInt(Integer::parseInt).toArray();
        }
        return out;
    }
}
