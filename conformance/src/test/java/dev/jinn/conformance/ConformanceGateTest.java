package dev.jinn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
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

    /** Every case on disk is in the report, counted from the folders themselves rather than by the runner's discovery. */
    @Test
    void everyCaseOnDiskIsRunAndEveryVerdictGivesItsReason() throws IOException {
        Report report = FullRun.report();
        Path data = report.data();
        Set<String> onDisk = new TreeSet<>();
        for (String suite : CaseDiscovery.FOLDER_SUITES) {
            try (Stream<Path> s = Files.list(data.resolve(suite))) {
                s.filter(d -> Files.isRegularFile(d.resolve("model.onnx"))).forEach(d -> onDisk.add(suite + "/" + d.getFileName()));
            }
        }
        try (Stream<Path> s = Files.list(data.resolve("light"))) {
            s.map(f -> f.getFileName().toString()).filter(n -> n.matches("light_.*\\.onnx"))
                    .forEach(n -> onDisk.add("light/" + n.substring("light_".length(), n.length() - ".onnx".length())));
        }
        assertTrue(onDisk.size() >= 1900, "only " + onDisk.size() + " cases under " + data);
        Set<String> run = new TreeSet<>(report.results().stream().map(CaseResult::name).toList());
        assertEquals(Set.of(), difference(onDisk, run), "cases on disk that the run left out");
        assertEquals(Set.of(), difference(run, onDisk), "cases in the report that are not on disk");
        for (CaseResult r : report.results()) {
            assertTrue(r.passed() || !r.detail().isBlank(), r.name() + " is " + r.status().label() + " without a reason");
        }
    }

    /** The closing line and the JSON and JUnit files each count what their own per-case entries say. */
    @Test
    void thePrintedCountsMatchTheCases() {
        Report report = FullRun.report();
        Map<Status, Long> by = report.results().stream().collect(Collectors.groupingBy(CaseResult::status, Collectors.counting()));
        long pass = by.getOrDefault(Status.PASS, 0L);
        long fail = by.getOrDefault(Status.FAIL, 0L);
        long error = by.getOrDefault(Status.ERROR, 0L);
        long unsupported = by.getOrDefault(Status.UNSUPPORTED, 0L);
        assertEquals(pass + " passed, " + (fail + error) + " failed, " + unsupported + " skipped", report.summary());

        String json = ReportWriters.json(report);
        assertTrue(json.startsWith("{\"passed\":" + pass + ",\"failed\":" + (fail + error) + ",\"skipped\":" + unsupported + ","), json);
        for (Status s : Status.values()) {
            assertEquals(by.getOrDefault(s, 0L), occurrences(json, "\"status\":\"" + s.label() + "\""), "JSON cases with status " + s.label());
        }
        String xml = ReportWriters.junit(report);
        assertTrue(xml.contains(" tests=\"" + report.results().size() + "\" failures=\"" + fail + "\" errors=\"" + error
                + "\" skipped=\"" + unsupported + "\""), xml.substring(0, 300));
        assertEquals(report.results().size(), occurrences(xml, "<testcase "));
        assertEquals(fail, occurrences(xml, "<failure "));
        assertEquals(error, occurrences(xml, "<error "));
        assertEquals(unsupported, occurrences(xml, "<skipped "));
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static long occurrences(String text, String part) {
        long n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) n++;
        return n;
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
