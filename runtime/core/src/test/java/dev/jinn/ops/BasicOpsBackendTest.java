package dev.jinn.ops;

import static dev.jinn.testing.Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinn.exec.Result;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.ir.ValueInfo;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.Tensor;
import dev.jinn.testing.BackendCase;
import dev.jinn.testing.NodeCases;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every ONNX backend node case of the math, logic, reduce and shape families, through the Session
 * API, all outputs: floats within rtol 1e-3 / atol 1e-7, integers and bools exactly. A case whose
 * model also uses an operator outside these families (some "_expanded" function bodies, Split's
 * sequence variants) is reported as skipped, never hidden, with the operators it lacks.
 */
class BasicOpsBackendTest {
    private static final String OPS = "add|sub|mul|div|pow|sqrt|reciprocal|exp|log|erf|tanh|relu|leakyrelu|sigmoid"
            + "|hardsigmoid|hardswish|gelu|clip|neg|abs|floor|ceil|where|equal|less|greater|less_equal|greater_equal"
            + "|not|and|or|xor|max|min|sum|mean|cast|castlike|reduce_[a-z_0-9]+|argmax|argmin|shape|size|reshape|flatten"
            + "|squeeze|unsqueeze|transpose|concat|split|slice|gather|gather_elements|expand|tile|range"
            + "|constantofshape|dropout|constant_pad|edge_pad|reflect_pad|wrap_pad|pad|depthtospace|spacetodepth"
            + "|sin|cos|tan|asin|acos|atan|sinh|cosh|asinh|acosh|atanh|sign|round|softplus|softsign|mish|elu|selu|celu"
            + "|thresholdedrelu|shrink|prelu|mod|bitwise_and|bitwise_or|bitwise_xor|bitwise_not|bitshift|isnan|isinf"
            + "|tril|triu|eyelike|nonzero|compress|onehot|cumsum|scatter|scatter_elements|scatternd|gathernd|top_k"
            + "|cumprod|center_crop_pad|swish|bitcast|unique|reversesequence";

    private static final Set<String> FAMILY_OPS = familyOps();

    private static Set<String> familyOps() {
        OpRegistry r = new OpRegistry();
        dev.jinn.ops.core.CoreOps.registerAll(r);
        dev.jinn.ops.math.MathOps.registerAll(r);
        dev.jinn.ops.logic.LogicOps.registerAll(r);
        dev.jinn.ops.reduce.ReduceOps.registerAll(r);
        dev.jinn.ops.shape.ShapeOps.registerAll(r);
        return r.entries().stream().map(OpRegistry.Entry::opType).collect(Collectors.toSet());
    }

    @TestFactory
    Stream<DynamicTest> nodeCases() {
        return NodeCases.matching("test_(" + OPS + ")(_.*|\\d.*)?").stream().map(name -> DynamicTest.dynamicTest(name, () -> run(name)));
    }

    private static final Map<String, String> SKIPPED = new java.util.concurrent.ConcurrentSkipListMap<>();

    private static void skipIf(boolean skip, String name, String reason) {
        if (skip) SKIPPED.put(name, reason);
        Assumptions.assumeFalse(skip, reason);
    }

    @AfterAll
    static void reportSkipped() {
        System.out.println("BasicOpsBackendTest skipped " + SKIPPED.size() + " cases:");
        SKIPPED.forEach((name, reason) -> System.out.println("  " + name + ": " + reason));
    }

    private static void run(String name) {
        Model model = ModelLoader.load(BackendCase.root().resolve("node").resolve(name).resolve("model.onnx"));
        Set<String> other = new TreeSet<>();
        for (Node n : model.graph().nodes()) if (!FAMILY_OPS.contains(n.opType())) other.add(n.opType());
        skipIf(!other.isEmpty(), name, "uses operators outside these families: " + other);
        BackendCase c = BackendCase.node(name);
        try (Session session = Session.create(c.model(), SessionOptions.defaults().withThreads(2))) {
            Map<String, Tensor> feed = new HashMap<>();
            List<ValueInfo> inputs = session.inputs();
            for (int i = 0; i < c.inputs().size(); i++) feed.put(inputs.get(i).name(), c.inputs().get(i));
            Result r = session.run(feed);
            assertEquals(c.outputs().size(), r.size());
            for (int i = 0; i < c.outputs().size(); i++) {
                assertClose(c.outputs().get(i), r.get(i), 1e-3, 1e-7, name + " output " + i);
            }
        }
    }
}
