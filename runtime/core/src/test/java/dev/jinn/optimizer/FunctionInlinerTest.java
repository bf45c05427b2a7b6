package dev.jinn.optimizer;

import static dev.jinn.optimizer.OptimizerTesting.counts;
import static dev.jinn.optimizer.OptimizerTesting.random;
import static dev.jinn.testing.Assertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.MalformedModelException;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.onnx.proto.Onnx.AttributeProto;
import dev.jinn.onnx.proto.Onnx.FunctionProto;
import dev.jinn.onnx.proto.Onnx.ModelProto;
import dev.jinn.onnx.proto.Onnx.NodeProto;
import dev.jinn.onnx.proto.Onnx.OperatorSetIdProto;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FunctionInlinerTest {
    private static final String DOMAIN = "test.fn";

    /** Scale(X) = X * alpha, alpha a float attribute defaulting to 2. */
    private static FunctionProto scale() {
        return FunctionProto.newBuilder().setDomain(DOMAIN).setName("Scale").addInput("X").addOutput("Y")
                .addAttributeProto(ModelBuilder.attribute("alpha", 2f))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addNode(NodeProto.newBuilder().setOpType("Constant").addOutput("a").addAttribute(AttributeProto.newBuilder()
                        .setName("value_float").setType(AttributeProto.AttributeType.FLOAT).setRefAttrName("alpha")))
                .addNode(NodeProto.newBuilder().setOpType("Mul").addInput("X").addInput("a").addOutput("Y"))
                .build();
    }

    /** Twice(X) = Scale(Scale(X, alpha=beta)) with Scale's default alpha for the second call. */
    private static FunctionProto twice() {
        return FunctionProto.newBuilder().setDomain(DOMAIN).setName("Twice").addInput("X").addOutput("Y")
                .addAttribute("beta")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(DOMAIN).setVersion(1))
                .addNode(NodeProto.newBuilder().setName("first").setDomain(DOMAIN).setOpType("Scale").addInput("X").addOutput("a")
                        .addAttribute(AttributeProto.newBuilder().setName("alpha").setType(AttributeProto.AttributeType.FLOAT)
                                .setRefAttrName("beta")))
                .addNode(NodeProto.newBuilder().setName("second").setDomain(DOMAIN).setOpType("Scale").addInput("a").addOutput("Y"))
                .build();
    }

    private static Model model(FunctionProto... functions) {
        ModelProto.Builder p = new ModelBuilder("calls").opset("", 13).opset(DOMAIN, 1)
                .input("x", DataType.FLOAT, 3).output("y", DataType.FLOAT, 3).output("z", DataType.FLOAT, 3)
                .node(DOMAIN, "Twice", List.of("x"), List.of("y"), Map.of("beta", 3f), "call1")
                .node(DOMAIN, "Twice", List.of("y"), List.of("z"), Map.of("beta", 5f), "call2")
                .build().toBuilder();
        for (FunctionProto f : functions) p.addFunctions(f);
        return ModelLoader.load(p.build().toByteArray(), "calls.onnx");
    }

    @Test
    void expandsNestedCallsBindingAttributesAndDefaults() {
        Model inlined = FunctionInliner.inline(model(scale(), twice()));
        assertEquals(Map.of("Constant", 4, "Mul", 4), counts(inlined));
        Set<String> outputs = new HashSet<>();
        for (Node n : inlined.graph().nodes()) for (String o : n.outputs()) assertTrue(outputs.add(o), "value '" + o + "' defined twice");
        assertTrue(outputs.containsAll(List.of("y", "z")));
        List<Float> alphas = inlined.graph().nodes().stream().filter(n -> n.opType().equals("Constant"))
                .map(n -> n.attribute("value_float").f()).toList();
        assertEquals(List.of(3f, 2f, 5f, 2f), alphas);
    }

    @Test
    void aSessionRunsTheInlinedModel() {
        Tensor x = random(4, 3);
        float[] y = new float[3];
        float[] z = new float[3];
        for (int i = 0; i < 3; i++) {
            y[i] = x.floats()[i] * 3 * 2;
            z[i] = y[i] * 5 * 2;
        }
        for (boolean optimize : new boolean[] {false, true}) {
            try (Session s = Session.create(model(scale(), twice()), SessionOptions.defaults().withOptimize(optimize))) {
                assertTrue(s.model().graph().nodes().stream().noneMatch(n -> n.domain().equals(DOMAIN)));
                var r = s.run(Map.of("x", x));
                assertClose(Tensor.of(y, 3), r.get("y"), 1e-6, 0, "y, optimize=" + optimize);
                assertClose(Tensor.of(z, 3), r.get("z"), 1e-6, 0, "z, optimize=" + optimize);
            }
        }
    }

    @Test
    void refusesRecursion() {
        FunctionProto loop = FunctionProto.newBuilder().setDomain(DOMAIN).setName("Twice").addInput("X").addOutput("Y")
                .addNode(NodeProto.newBuilder().setDomain(DOMAIN).setOpType("Twice").addInput("X").addOutput("Y")).build();
        MalformedModelException e = assertThrows(MalformedModelException.class, () -> FunctionInliner.inline(model(loop)));
        assertTrue(e.getMessage().contains("recursive"), e.getMessage());
    }
}
