package dev.jinn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportWritersTest {
    private static Report sample() {
        return new Report("java", Path.of("data"), List.of(
                new CaseResult("node/test_abs", Status.PASS, "", "Abs", 0.001),
                new CaseResult("node/test_abs_expanded", Status.FAIL, "output 0 'y': \"bad\"\n\tnext\u0001", "(model)", 0.002),
                new CaseResult("node/test_sin", Status.UNSUPPORTED, "Sin-7 (not implemented)", "Sin", 0),
                new CaseResult("simple/test_x", Status.ERROR, "boom <&>", "(model)", 0)), n -> true, 1.5);
    }

    @Test
    void countsFollowTheSummaryRules() {
        assertEquals("1 passed, 2 failed, 1 skipped", sample().summary());
    }

    @Test
    void jsonEscapesQuotesControlCharactersAndNewlines() {
        String json = ReportWriters.json(sample());
        assertTrue(json.startsWith("{\"passed\":1,\"failed\":2,\"skipped\":1,\"provider\":\"java\",\"cases\":["), json);
        assertTrue(json.contains("{\"name\":\"node/test_abs_expanded\",\"status\":\"fail\",\"op\":\"(model)\","
                + "\"detail\":\"output 0 'y': \\\"bad\\\"\\n\\tnext\\u0001\",\"seconds\":0.002}"), json);
        assertEquals("\"\\ud800x\"", ReportWriters.jsonString("\ud800x"));
    }

    @Test
    void junitHasOneTestcasePerCaseWithTheRightElement() {
        String xml = ReportWriters.junit(sample());
        assertTrue(xml.contains("tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\""), xml);
        assertTrue(xml.contains("<testcase classname=\"conformance.node\" name=\"test_abs\" time=\"0.001\"/>"), xml);
        assertTrue(xml.contains("<failure message=\"output 0 &apos;y&apos;: &quot;bad&quot;&#10;&#9;next?\"/>"), xml);
        assertTrue(xml.contains("<error message=\"boom &lt;&amp;&gt;\"/>"), xml);
        assertTrue(xml.contains("<skipped message=\"Sin-7 (not implemented)\"/>"), xml);
    }

    @Test
    void markdownCountsExpandedCasesUnderTheirOperator() {
        String md = ReportWriters.markdown(sample());
        assertTrue(md.contains("**1 passed, 2 failed, 1 skipped**"), md);
        assertTrue(md.contains("| `Abs` | 2 | 1 | 1 | 0 | 0 |"), md);
        assertTrue(md.contains("| `Sin` | 1 | 0 | 0 | 0 | 1 |"), md);
        assertTrue(md.contains("| `(model)` | 1 | 0 | 0 | 1 | 0 |"), md);
        assertTrue(md.indexOf("| `Sin`") < md.indexOf("| `(model)`"), "(model) comes last");
    }

    @Test
    void everyReportNamesEachSkippedCaseWithItsReason() {
        assertTrue(ReportWriters.json(sample()).contains("{\"name\":\"node/test_sin\",\"status\":\"unsupported\",\"op\":\"Sin\","
                + "\"detail\":\"Sin-7 (not implemented)\""));
        assertTrue(ReportWriters.junit(sample()).contains("<testcase classname=\"conformance.node\" name=\"test_sin\" time=\"0.000\">\n"
                + "    <skipped message=\"Sin-7 (not implemented)\"/>"));
        String md = ReportWriters.markdown(sample());
        assertTrue(md.contains("\n## Skipped (unsupported)\n\n| case | reason |\n|---|---|\n| `node/test_sin` | Sin-7 (not implemented) |\n"), md);
        Report none = new Report("ort", Path.of("data"), List.of(new CaseResult("node/test_sin", Status.PASS, "", "Sin", 0)), n -> true, 1);
        String both = ReportWriters.markdown(List.of(sample(), none), "jinn conformance --provider java,ort");
        assertTrue(both.contains("\n## Skipped (unsupported) under `java`\n\n| case | reason |\n|---|---|\n"
                + "| `node/test_sin` | Sin-7 (not implemented) |\n"), both);
        assertFalse(both.contains("Skipped (unsupported) under `ort`"), "a provider that skips nothing gets no section");
        assertFalse(ReportWriters.markdown(none).contains("## Skipped"), "nor does a single report");
    }

    @Test
    void markdownReportsCarryTheDeparturesFromTheSpec() throws IOException {
        String departures = Files.readString(Path.of("departures.md"));
        assertTrue(departures.startsWith("## Where Jinn departs from the spec on purpose\n"), departures);
        assertTrue(departures.contains("`Dropout` 1 and 6: `is_test = 0`"), departures);
        assertTrue(ReportWriters.markdown(sample()).contains("|\n\n" + departures + "\n## By suite"));
        assertTrue(ReportWriters.markdown(List.of(sample()), "jinn conformance").contains("|\n\n" + departures + "\n## Passes one provider"));
        assertTrue(Files.readString(Path.of("../docs/conformance.md")).contains(departures),
                "docs/conformance.md lacks conformance/departures.md: regenerate it (jinn conformance --provider java,auto,ort --report docs/conformance.md)");
    }

    @Test
    void severalProvidersStandSideBySideUnderTheCommandThatMadeThem() {
        Report ort = new Report("ort", Path.of("data"), List.of(
                new CaseResult("node/test_abs", Status.PASS, "", "Abs", 0),
                new CaseResult("node/test_abs_expanded", Status.PASS, "", "(model)", 0),
                new CaseResult("node/test_sin", Status.PASS, "", "Sin", 0),
                new CaseResult("simple/test_x", Status.FAIL, "off by one", "(model)", 0)), n -> true, 1);
        String md = ReportWriters.markdown(List.of(sample(), ort), "jinn conformance --provider java,ort --report r.md");
        assertTrue(md.startsWith("# ONNX backend conformance: `java`, `ort` providers\n\nGenerated by\n\n```sh\n"
                + "jinn conformance --provider java,ort --report r.md\n```\n"), md);
        assertTrue(md.contains("| `java` | 1 | 2 | 1 |\n| `ort` | 3 | 1 | 0 |\n"), md);
        assertTrue(md.contains("| operator | cases | java pass | java fail | java unsupported | ort pass | ort fail | ort unsupported |"), md);
        assertTrue(md.contains("| `Abs` | 2 | 1 | 1 | 0 | 2 | 0 | 0 |"), md);
        assertTrue(md.contains("| `Sin` | 1 | 0 | 0 | 1 | 1 | 0 | 0 |"), md);
        assertTrue(md.contains("| node | 3 | 1 | 1 | 1 | 3 | 0 | 0 |"), md);
        // java passes nothing ort lacks; ort passes the expanded case and Sin, which java does not.
        assertTrue(md.contains("| `java` | - | 0 |\n| `ort` | 2 | - |\n"), md);
        assertTrue(md.contains("## Failures and errors under `ort`\n\n| case | status | detail |\n|---|---|---|\n| `simple/test_x` | fail | off by one |"), md);
    }
}
