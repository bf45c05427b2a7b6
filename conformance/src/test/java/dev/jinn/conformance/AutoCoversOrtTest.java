package dev.jinn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code auto} mode runs on Jinn's kernels where it can and hands the rest to ONNX Runtime, so it
 * must never lose a case that ONNX Runtime alone ({@code ort}) passes. The whole corpus runs once under
 * each of java, auto and ort (shared with the other tests of this JVM); conformance/expected/auto.txt
 * is gated here the way ConformanceGateTest gates java.txt.
 */
class AutoCoversOrtTest {
    @Test
    void everyCaseThatPassesUnderOrtPassesUnderAuto() {
        Report ort = FullRun.report("ort");
        Report auto = FullRun.report("auto");
        assertEquals(ort.results().size(), auto.results().size(), "the two runs saw different cases");
        List<String> violations = ort.results().stream().filter(CaseResult::passed)
                .map(r -> auto.result(r.name()))
                .filter(r -> !r.passed())
                .map(r -> r.name() + " (auto: " + r.status().label() + " " + r.detail() + ")")
                .toList();
        assertTrue(ort.passed() > 0, "nothing passes under ort: " + ort.summary());
        assertTrue(violations.isEmpty(), violations.size() + " cases pass under ort but not under auto:\n" + String.join("\n", violations));
    }

    @Test
    void everyCaseThatPassesUnderOrtButNotJavaPassesUnderAuto() {
        Report java = FullRun.report("java");
        Report ort = FullRun.report("ort");
        Report auto = FullRun.report("auto");
        List<String> gained = ort.results().stream().filter(CaseResult::passed)
                .filter(r -> !java.result(r.name()).passed()).map(CaseResult::name).toList();
        // ONNX Runtime covers operators Jinn's kernels lack; if it covered none, the property would be empty.
        assertFalse(gained.isEmpty(), "no case passes under ort that fails under java");
        List<String> lost = gained.stream().filter(n -> !auto.result(n).passed()).toList();
        assertTrue(lost.isEmpty(), "pass under ort, not under java, and not under auto: " + lost);
    }

    @Test
    void everyCaseOnTheAutoListPasses() {
        ExpectedList expected = ExpectedList.resource("auto");
        assertFalse(expected.names().isEmpty(), "the expected list " + ExpectedList.resourceName("auto") + " is empty or missing");
        ExpectedList.Verdict v = expected.check(FullRun.report("auto"));
        if (!v.unlisted().isEmpty()) System.out.println("auto: " + ExpectedList.unlistedMessage(v.unlisted().size()) + ": " + v.unlisted());
        assertTrue(v.ok(), String.join("\n", v.messages()));
    }
}
