package dev.jinn.ops.linalg;

import dev.jinn.testing.NodeCases;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every test_matmul* and test_gemm* node case through Session, all outputs compared. */
class LinalgBackendTest {
    private static final Map<String, String> SKIP = Map.of(
            "test_matmulinteger", "MatMulInteger is a quantization op, not MatMul");

    @TestFactory
    Stream<DynamicTest> matmul() {
        return NodeCases.tests("test_matmul.*", SKIP, 2);
    }

    @TestFactory
    Stream<DynamicTest> gemm() {
        return NodeCases.tests("test_gemm.*", SKIP, 2);
    }
}
