package dev.jinn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jinn.kernels.Kernels;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance gate on a JVM started without {@code --add-modules jdk.incubator.vector}, as a
 * Spring Boot jar or an IDE plugin starts: every case on the expected list passes on the scalar
 * kernels too. Runs only in the pom's {@code gate-without-vector-api} execution, whose JVM lacks the
 * module; the first test proves that it does.
 */
class WithoutVectorApiTest {
    @Test
    void theJvmHasNoVectorModuleAndJinnRunsScalar() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(), "this JVM was started with the module");
        assertEquals("scalar", Kernels.get().name());
        assertEquals(null, Kernels.vector());
    }

    @TestFactory
    Stream<DynamicTest> everyExpectedCasePassesOnTheScalarKernels() {
        ExpectedList expected = ExpectedList.resource("java");
        assertFalse(expected.names().isEmpty(), "the expected list is empty or missing");
        Report report = FullRun.report();
        return expected.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            CaseResult r = report.result(name);
            assertTrue(r != null, name + " is on the expected list but not in the test data at " + report.data());
            assertEquals(Status.PASS, r.status(), name + ": " + r.detail());
        }));
    }
}
