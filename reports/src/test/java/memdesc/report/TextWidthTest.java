package memdesc.report;

import memdesc.steps.Roadmap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text report is for email: no line longer than 72 columns, whatever the input. */
class TextWidthTest {
    static void assertFits(String text) {
        List<String> lines = text.lines().toList();
        assertTrue(lines.size() > 20, "report too short to mean anything:\n" + text);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            assertTrue(l.codePointCount(0, l.length()) <= 72,
                    "line " + (i + 1) + " has " + l.codePointCount(0, l.length()) + " columns: '" + l + "'");
            assertEquals(l.stripTrailing(), l, "line " + (i + 1) + " has trailing blanks");
        }
    }

    @Test void smallRoadmapFits() {
        assertFits(Report.render(Fixtures.full(), Format.TEXT));
        assertFits(Report.render(Fixtures.roadmapOnly(), Format.TEXT));
    }

    @Test void longTitlesIdsAndNamesAreWrappedOrClipped() {
        String longWord = "x".repeat(150);
        String title = "A very long title " + "that keeps going ".repeat(12) + longWord;
        Roadmap r = Fixtures.roadmap(title);
        var id = "step-with-an-extremely-long-identifier-that-no-column-can-hold";
        var steps = new ArrayList<>(r.steps());
        steps.add(Fixtures.step(5, id, title, "shrink",
                List.of("lru-uses", "index-uses", "slab-split", "shrink-32"), "planned", Map.of()));
        Roadmap big = new Roadmap(r.name() + " " + "with a name longer than any email line ".repeat(3), r.file(), r.phases(),
                r.baseline(), steps);
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        List<String> refs = List.of("v6.10", "v6.11", "v6.12", "v6.13", "v6.14", "v6.15", "v6.16", "v6.17-rc1-long-ref-name");
        for (String ref : refs) counts.put(ref, Map.of("page->lru", 1234567L, "a-probe-with-a-name-much-wider-than-its-column", 1L));
        Progress p = new Progress("/a/kernel/tree/" + "deep/".repeat(20), refs,
                List.of(new Progress.ProbeDef("page->lru", "x"), new Progress.ProbeDef("a-probe-with-a-name-much-wider-than-its-column", "y")),
                counts, List.of(new Progress.Missing("v6.10", "mm/" + longWord + ".c", "0123456789abcdef")));
        String text = Report.render(Report.build(big, Fixtures.verdicts(), Fixtures.cost(), Fixtures.deps(), p), Format.TEXT);
        assertFits(text);
        // wrapped, not lost: every word of the title is still there
        assertTrue(text.replaceAll("\\s+", " ").contains("that keeps going that keeps going"), text);
        assertTrue(text.contains("v6.17-rc1-l~"), "a long ref is clipped visibly:\n" + text);
    }
}
