package dev.jinn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
