package dev.jinn.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.Tensor;
import dev.jinn.testing.OneNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Closing a Result lends its output arrays to the session's next run; not closing keeps them. */
class ResultCloseTest {
    private static Session session() {
        Tensor[] in = {OneNode.gaussian(1, 0, 1, 4, 64), OneNode.gaussian(2, 1, 0.1, 64)};
        byte[] model = OneNode.model("", "LayerNormalization", 17, Map.of(), in, new String[] {"out0"});
        return Session.create(ModelLoader.load(model, "ln.onnx"), SessionOptions.defaults());
    }

    private static Map<String, Tensor> feed(long seed) {
        return Map.of("in0", OneNode.gaussian(seed, 0, 1, 4, 64), "in1", OneNode.gaussian(2, 1, 0.1, 64));
    }

    @Test
    void closedResultsArrayIsRefilledByTheNextRun() {
        try (Session s = session()) {
            float[] expected = s.run(feed(7)).get(0).floats().clone();
            Result first = s.run(feed(8));
            float[] array = first.get(0).floats();
            first.close();
            first.close();
            try (Result second = s.run(feed(7))) {
                assertSame(array, second.get(0).floats(), "the closed result's array is reused");
                assertArrayEquals(expected, second.get(0).floats(), "and wholly overwritten");
            }
        }
    }

    @Test
    void openResultsKeepTheirArrays() {
        try (Session s = session()) {
            Result a = s.run(feed(7));
            Result b = s.run(feed(7));
            assertNotSame(a.get(0).floats(), b.get(0).floats());
            assertArrayEquals(a.get(0).floats(), b.get(0).floats());
        }
    }

    @Test
    void aClosedResultRefusesAccess() {
        try (Session s = session()) {
            Result r = s.run(feed(7));
            r.close();
            assertThrows(IllegalStateException.class, () -> r.get(0));
            assertThrows(IllegalStateException.class, () -> r.get("out0"));
        }
    }
}
