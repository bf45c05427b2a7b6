package dev.jinn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jinn.ir.Model;
import dev.jinn.ir.Node;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleModelsTest {
    /** The committed .onnx files are exactly what the generator writes: regenerate with SampleModels.main. */
    @Test
    void bundledModelsAreTheGeneratorsOutput() {
        Map<String, byte[]> generated = SampleModels.generate();
        assertFalse(generated.isEmpty());
        generated.forEach((name, bytes) -> assertArrayEquals(bytes, SampleModels.resource(name),
                name + " differs from what SampleModels makes; run SampleModels.main from the repository root"));
    }

    @Test
    void layerNormDemoLoadsAndIsWhatItSays() {
        Model m = SampleModels.load(SampleModels.LAYERNORM_DEMO);
        assertEquals(17, m.opset(""));
        assertEquals(1, m.graph().nodes().size());
        Node ln = m.graph().nodes().get(0);
        assertEquals("LayerNormalization", ln.opType());
        assertEquals(-1, ln.attribute("axis").i());
        assertEquals("X: float32[2,4,8]", m.graph().inputs().get(0).toString());
        assertEquals(2 * 8 * 4, m.graph().initializerBytes());
    }
}
