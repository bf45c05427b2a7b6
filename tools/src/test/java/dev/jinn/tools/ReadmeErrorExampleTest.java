package dev.jinn.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.InvalidInputException;
import dev.jinn.exec.Session;
import dev.jinn.exec.SessionOptions;
import dev.jinn.onnx.ModelBuilder;
import dev.jinn.onnx.ModelLoader;
import dev.jinn.tensor.DataType;
import dev.jinn.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's sample error message is, word for word, what a session says for that mistake. */
class ReadmeErrorExampleTest {
    private static final String LEAD = "and what was expected against what was found:\n  `";

    @Test
    void theSampleMessageIsTheOneSessionGives() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int from = readme.indexOf(LEAD);
        assertTrue(from >= 0, "README.md lacks the sample error message after '" + LEAD.strip() + "'");
        String sample = readme.substring(from + LEAD.length(), readme.indexOf('`', from + LEAD.length()));

        byte[] model = new ModelBuilder("m").opset("", 17).input("X", DataType.FLOAT, "batch", 8).output("Y", DataType.FLOAT)
                .node("Identity", List.of("X"), List.of("Y"), Map.of()).toBytes();
        try (Session s = Session.create(ModelLoader.load(model, "m.onnx"), SessionOptions.defaults())) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> s.run(Map.of("X", Tensor.zeros(DataType.FLOAT, 2, 4))));
            assertEquals(e.getMessage(), sample, "README.md's sample error message");
        }
    }
}
