package dev.jinn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance gate: every case on conformance/expected/java.txt must pass. A case leaves the list
 * only by a deliberate --drop, so a case that has passed once keeps passing.
 */
class ConformanceGateTest {
    @TestFactory
    Stream<DynamicTest> everyExpectedCasePasses() {
        ExpectedList expected = ExpectedList.resource("java");
        assertFalse(expected.names().isEmpty(), "the expected list " + ExpectedList.resourceName("java") + " is empty or missing");
        Report report = FullRun.report();
        return expected.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            CaseResult r = report.result(name);
            assertTrue(r != null, name + " is on the expected list but not in the test data at " + report.data());
            assertEquals(Status.PASS, r.status(), name + ": " + r.detail());
        }));
    }

    @Test
    void passingCasesMissingFromTheListAreCountedAndNamed() {
        Report report = FullRun.report();
        ExpectedList committed = ExpectedList.resource("java");
        ExpectedList.Verdict actual = committed.check(report);
        // Shown in the build log, so that a forgotten --update-expected is noticed.
        if (!actual.unlisted().isEmpty()) System.out.println(ExpectedList.unlistedMessage(actual.unlisted().size()) + ": " + actual.unlisted());

        List<String> passing = report.results().stream().filter(CaseResult::passed).map(CaseResult::name).toList();
        assertFalse(passing.isEmpty(), "nothing passes: " + report.summary());
        List<String> shorter = new ArrayList<>(passing);
        String dropped = shorter.remove(0);
        ExpectedList.Verdict v = ExpectedList.of(shorter).check(report);
        assertTrue(v.ok(), "dropping a name from the list must not fail the gate: " + v.messages());
        assertEquals(List.of(dropped), v.unlisted());
        assertEquals(List.of("1 cases pass but are not on the expected list; run --update-expected"), v.messages());
    }

    @Test
    void theFullCorpusIsDiscoveredAndEveryCaseJudged() {
        Report report = FullRun.report();
        // The shared copy holds 1,942 folder cases and 9 light models.
        assertTrue(report.results().size() >= 1900, "only " + report.results().size() + " cases found in " + report.data());
        assertEquals(report.results().size(), report.passed() + report.failed() + report.skipped());
        assertTrue(report.results().stream().anyMatch(r -> r.name().startsWith("light/")), "no light models found");
        for (String suite : CaseDiscovery.FOLDER_SUITES) {
            assertTrue(report.results().stream().anyMatch(r -> r.suite().equals(suite)), "no cases in " + suite);
        }
    }

    @Test
    void sequenceAndOptionalValuesAreReadNotCrashedOn() {
        Report report = FullRun.report();
        for (String name : List.of("node/test_identity_sequence", "node/test_identity_opt")) {
            CaseResult r = report.result(name);
            assertTrue(r.status() == Status.PASS || r.status() == Status.UNSUPPORTED, name + ": " + r.status() + " " + r.detail());
        }
    }
}
