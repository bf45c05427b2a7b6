package dev.jinn.testing;

import static dev.jinn.testing.Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.ValueInfo;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import dev.jinn.ir.Node;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.ops.OpRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/** Lists node cases by name and runs them through {@link Session}, comparing every output. */
public final class NodeCases {
    private NodeCases() {}

    /** Sorted names of the node cases whose whole name matches {@code regex}; fails when there are none. */
    public static List<String> matching(String regex) {
        return matching("node", regex);
    }

    public static List<String> matching(String suite, String regex) {
        Pattern p = Pattern.compile(regex);
        try (Stream<Path> s = Files.list(BackendCase.root().resolve(suite))) {
            List<String> names = s.map(x -> x.getFileName().toString()).filter(n -> p.matcher(n).matches()).sorted().toList();
            assertFalse(names.isEmpty(), "no node cases match " + regex + " under " + BackendCase.root());
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One dynamic test per case: each runs the model with {@code threads} intra-op threads and compares
     * all outputs (rtol 1e-3, atol 1e-7), except that a case named in {@code skip} (name to reason)
     * aborts with its reason, so that reports show it as skipped.
     */
    public static Stream<DynamicTest> tests(String regex, Map<String, String> skip, int threads) {
        List<String> names = matching(regex);
        // An entry that names no case (a typo, a renamed case) would otherwise linger unnoticed.
        for (String s : skip.keySet()) assertTrue(names.contains(s), "skip names " + s + ", which is not a case matching " + regex);
        return names.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            if (skip.containsKey(name)) Assumptions.abort(skip.get(name));
            run(name, threads);
        }));
    }

    /**
     * As {@link #tests(String, Map, int)} for another suite, whose models mix families: a case whose
     * model uses an operator with no Jinn implementation yet is reported as skipped, naming it.
     */
    public static Stream<DynamicTest> suiteTests(String suite, String regex, int threads) {
        return matching(suite, regex).stream().map(name -> DynamicTest.dynamicTest(suite + "/" + name, () -> {
            BackendCase c = BackendCase.of(suite, name);
            Set<String> missing = new TreeSet<>();
            for (Node n : ModelLoader.load(c.model()).graph().nodes()) {
                if (OpRegistry.standard().entries().stream().noneMatch(e -> e.opType().equals(n.opType()))) {
                    missing.add(n.opType());
                }
            }
            Assumptions.assumeTrue(missing.isEmpty(), () -> "needs " + missing + ", not implemented yet");
            run(c, name, threads);
        }));
    }

    public static void run(String name, int threads) {
        run(BackendCase.node(name), name, threads);
    }

    private static void run(BackendCase c, String name, int threads) {
        try (Session session = Session.create(c.model(), SessionOptions.defaults().withThreads(threads))) {
            Map<String, Tensor> feed = new HashMap<>();
            List<ValueInfo> inputs = session.inputs();
            for (int i = 0; i < c.inputs().size(); i++) feed.put(inputs.get(i).name(), c.inputs().get(i));
            Result r = session.run(feed);
            assertEquals(c.outputs().size(), r.size(), name + ": output count");
            for (int i = 0; i < c.outputs().size(); i++) {
                assertClose(c.outputs().get(i), r.get(i), 1e-3, 1e-7, name + " output " + i);
            }
        }
    }
}
