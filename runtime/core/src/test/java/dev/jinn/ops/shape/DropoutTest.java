package dev.jinn.ops.shape;

import static dev.jinn.testing.Assertions.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.InvalidInputException;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.ir.Domains;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.Tensor;
import dev.jinn.testing.OneNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dropout-1 and -6 ask for training mode with is_test = 0, their default. Jinn runs them in test mode
 * anyway, and must say so: one warning per node, however often the session runs.
 */
class DropoutTest {
    // System.Logger reaches java.util.logging here; the strong reference keeps the handler's logger alive.
    private static final Logger JUL = Logger.getLogger(Dropout.class.getName());

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) warnings.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        JUL.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        JUL.removeHandler(capture);
    }

    private static final Tensor X = Tensor.of(new float[] {1, -2, 3.5f, 0, 7, -0.25f}, 2, 3);

    /** Runs the node three times in one session; the output must be X each time. */
    private static void runThrice(int opset, Map<String, ?> attrs) {
        byte[] model = OneNode.model(Domains.ONNX, "Dropout", opset, attrs, new Tensor[] {X}, new String[] {"out0"});
        try (Session s = Session.create(ModelLoader.load(model, "dropout.onnx"), SessionOptions.defaults())) {
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(new float[] {1, -2, 3.5f, 0, 7, -0.25f}, s.run(Map.of("in0", X)).get("out0").toFloatArray());
            }
        }
    }

    private void assertOneWarning(int version) {
        assertEquals(1, warnings.size(), "warnings: " + warnings.stream().map(r -> new SimpleFormatter().formatMessage(r)).toList());
        String message = new SimpleFormatter().formatMessage(warnings.get(0));
        assertTrue(message.contains("model 'dropout.onnx', node 'n0' (Dropout-" + version + "): is_test = 0"), message);
        assertTrue(message.contains("test mode"), message);
    }

    @Test
    void dropout1WithIsTestZeroPassesTheInputThroughAndWarnsOnce() {
        runThrice(1, Map.of("is_test", 0, "ratio", 0.5f));
        assertOneWarning(1);
    }

    @Test
    void dropout6WithIsTestLeftAtItsDefaultOfZeroWarnsToo() {
        runThrice(6, Map.of("ratio", 0.3f));
        assertOneWarning(6);
    }

    @Test
    void dropout12InTrainingModeIsRefusedUnlessTheRatioIsZero() {
        Tensor training = Tensor.of(new boolean[] {true});
        assertFails(InvalidInputException.class, () -> OneNode.run("Dropout", 12, Map.of(), X, Tensor.of(new float[] {0.5f}), training),
                "node 'n0' (Dropout-12): training_mode with ratio 0.5 is not supported (inference only)");
        assertArrayEquals(new float[] {1, -2, 3.5f, 0, 7, -0.25f},
                OneNode.run("Dropout", 12, Map.of(), X, Tensor.of(new float[] {0f}), training)[0].toFloatArray());
    }

    @Test
    void testModeAndLaterVersionsSayNothing() {
        runThrice(6, Map.of("is_test", 1));
        runThrice(7, Map.of("ratio", 0.5f));
        assertEquals(List.of(), warnings);
    }
}
