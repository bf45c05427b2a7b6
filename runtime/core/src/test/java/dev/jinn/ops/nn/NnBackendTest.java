package dev.jinn.ops.nn;

import dev.jinn.testing.NodeCases;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The node cases of the nn family through Session, all outputs compared. */
class NnBackendTest {
    private static final Map<String, String> SKIP = Map.of();

    /** The _expanded cases are the function bodies (ReduceMax, Exp, ...), other families' ops. */
    @TestFactory
    Stream<DynamicTest> softmax() {
        return NodeCases.tests("test_(log)?softmax_(?!.*expanded).*", SKIP, 2);
    }

    @TestFactory
    Stream<DynamicTest> conv() {
        return NodeCases.tests("test_(basic_)?conv_.*|test_convtranspose.*", SKIP, 2);
    }

    @TestFactory
    Stream<DynamicTest> resize() {
        return NodeCases.tests("test_(resize|upsample)_.*", SKIP, 2);
    }

    @TestFactory
    Stream<DynamicTest> pools() {
        return NodeCases.tests("test_(maxpool|averagepool|globalaveragepool|globalmaxpool).*", SKIP, 2);
    }
}
