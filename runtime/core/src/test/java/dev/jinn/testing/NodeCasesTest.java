package dev.jinn.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A skipped case is reported as skipped, with its reason; it is never left out of the report. */
class NodeCasesTest {
    @Test
    void aSkippedCaseIsStillATestThatAbortsNamingWhy() {
        List<DynamicTest> tests = NodeCases.tests("test_abs|test_acos", Map.of("test_abs", "Abs is broken in this test"), 1).toList();
        assertEquals(List.of("test_abs", "test_acos"), tests.stream().map(DynamicTest::getDisplayName).toList());
        // JUnit reports a test that ends in TestAbortedException as skipped, with this message.
        TestAbortedException e = assertThrows(TestAbortedException.class, () -> tests.get(0).getExecutable().execute());
        assertTrue(e.getMessage().contains("Abs is broken in this test"), e.getMessage());
        assertDoesNotThrow(() -> tests.get(1).getExecutable().execute());
    }

    @Test
    void aSkipEntryThatNamesNoCaseIsRefused() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> NodeCases.tests("test_abs", Map.of("test_abz", "typo"), 1));
        assertTrue(e.getMessage().contains("test_abz"), e.getMessage());
    }
}
