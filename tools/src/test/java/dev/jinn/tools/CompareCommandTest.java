package dev.jinn.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.onnx.ModelBuilder;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompareCommandTest {
    @TempDir
    Path dir;

    /** LayerNormalization, Mul and Add (Jinn's Java ops) around an Einsum (ONNX Runtime under auto). */
    private Path model() throws Exception {
        float[] scale = new float[64];
        java.util.Arrays.fill(scale, 1.5f);
        byte[] bytes = new ModelBuilder("mixed")
                .input("x", DataType.FLOAT, "batch", 64)
                .input("k", DataType.INT64, "batch", 64)
                .output("y", DataType.FLOAT, "batch", 64)
                .output("kk", DataType.INT64, "batch", 64)
                .initializer("scale", Tensor.of(scale, 64))
                .node("", "LayerNormalization", List.of("x", "scale"), List.of("ln"), Map.of(), "ln")
                .node("", "Einsum", List.of("ln", "ln"), List.of("sm"), Map.of("equation", "bi,bi->bi"), "sm")
                .node("", "Mul", List.of("sm", "ln"), List.of("y"), Map.of(), "mul")
                .node("", "Add", List.of("k", "k"), List.of("kk"), Map.of(), "add")
                .toBytes();
        Path p = dir.resolve("mixed.onnx");
        Files.write(p, bytes);
        return p;
    }

    private record Run(int code, String out, String err) {}

    private Run jinn(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Jinn.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void autoAgreesWithOrtWithinTolerance() throws Exception {
        Path json = dir.resolve("c.json");
        Run r = jinn("compare", model().toString(), "--dim", "batch=8", "--random", "3", "--int-range", "-5,5",
                "--json", json.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("max abs err"), r.out());
        assertTrue(r.out().contains("max ulp"), r.out());
        String j = Files.readString(json);
        assertTrue(j.startsWith("{\"ok\":true,\"outputs\":[{\"name\":\"y\""), j);
        assertTrue(j.contains("{\"name\":\"kk\",\"ok\":true,\"max_abs_err\":0.0"), j);
    }

    @Test
    void zeroToleranceNamesTheFirstDivergingNode() throws Exception {
        // Jinn's LayerNormalization and ORT's sum in different orders, so some element differs in its last bits.
        Path json = dir.resolve("c.json");
        Run r = jinn("compare", model().toString(), "--dim", "batch=16", "--rtol", "0", "--atol", "0", "--bisect",
                "--json", json.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("bisect: first divergence at node 'ln' (LayerNormalization)"), r.out());
        assertTrue(Files.readString(json).startsWith("{\"ok\":false,"));
    }

    @Test
    void shapeSizesARandomInputWithAnUnnamedDim() throws Exception {
        Run r = jinn("compare", ModelInputsTest.lightStyleModel(dir).toString(), "--provider", "java", "--shape", "x=3,4");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().strip().endsWith("OK"), r.out());
        Run wrongRank = jinn("compare", ModelInputsTest.lightStyleModel(dir).toString(), "--shape", "x=3");
        assertEquals(2, wrongRank.code());
        assertTrue(wrongRank.err().contains("input 'x'"), wrongRank.err());
    }

    @Test
    void badInputExitsTwo() throws Exception {
        Path m = model();
        Run noDim = jinn("compare", m.toString());
        assertEquals(2, noDim.code());
        assertTrue(noDim.err().contains("--dim batch=VALUE"), noDim.err());
        Run badName = jinn("compare", m.toString(), "--dim", "batch=2", "--input", "nope=" + dir.resolve("a.pb"));
        assertEquals(2, badName.code());
        assertTrue(badName.err().contains("no such input"), badName.err());
        Run badRef = jinn("compare", m.toString(), "--dim", "batch=2", "--reference", "java");
        assertEquals(2, badRef.code());
        Run cuda = jinn("compare", m.toString(), "--dim", "batch=2", "--reference", "ort-cuda");
        assertEquals(2, cuda.code());
        assertTrue(cuda.err().contains("onnxruntime_gpu"), cuda.err());
    }

    @Test
    void runTakesAProviderMode() throws Exception {
        Path m = model();
        Path x = dir.resolve("x.pb");
        Path k = dir.resolve("k.pb");
        Files.write(x, dev.jinn.onnx.TensorProtos.toProto(Tensor.of(new float[64], 1, 64), "x").toByteArray());
        Files.write(k, dev.jinn.onnx.TensorProtos.toProto(Tensor.of(new long[64], 1, 64), "k").toByteArray());
        Run java = jinn("run", m.toString(), "--input", "x=" + x, "--input", "k=" + k);
        assertEquals(2, java.code(), java.err());
        assertTrue(java.err().contains("unsupported operator(s)"), java.err());
        Run auto = jinn("run", m.toString(), "--provider", "auto", "--input", "x=" + x, "--input", "k=" + k);
        assertEquals(0, auto.code(), auto.err());
        assertTrue(auto.out().contains("output y: float32[1,64]"), auto.out());
    }

    @Test
    void inspectShowsWhereEachNodeRuns() throws Exception {
        Run r = jinn("inspect", model().toString(), "--provider", "auto");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("providers     java 3 nodes, ort 1 node in 1 subgraph"), r.out());
        assertTrue(r.out().matches("(?s).*node 'sm' \\(Einsum\\) +ort subgraph 0.*"), r.out());
        assertFalse(r.out().contains("UNSUPPORTED"));
    }
}
