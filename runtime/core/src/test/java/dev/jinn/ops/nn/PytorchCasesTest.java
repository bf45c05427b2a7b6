package dev.jinn.ops.nn;

import dev.jinn.testing.NodeCases;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The pytorch-converted and pytorch-operator cases built around this change's operators. */
class PytorchCasesTest {
    @TestFactory
    Stream<DynamicTest> converted() {
        return NodeCases.suiteTests("pytorch-converted",
                "test_(AvgPool|Conv|ConvTranspose|MaxPool|Linear|LogSoftmax|Softmax|log_softmax|softmax).*", 2);
    }

    @TestFactory
    Stream<DynamicTest> operators() {
        return NodeCases.suiteTests("pytorch-operator", "test_operator_(conv|convtranspose|maxpool|mm|addmm)", 2);
    }
}
