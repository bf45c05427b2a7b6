package dev.jinn.ops.linalg;

import dev.jinn.testing.NodeCases;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every test_matmul_* and test_gemm* node case through Session, all outputs compared. */
class LinalgBackendTest {
    /** test_matmulinteger is another operator (MatMulInteger, quantized), not a MatMul case. */
    @TestFactory
    Stream<DynamicTest> matmul() {
        return NodeCases.tests("test_matmul_.*", Map.of(), 2);
    }

    @TestFactory
    Stream<DynamicTest> gemm() {
        return NodeCases.tests("test_gemm.*", Map.of(), 2);
    }
}
