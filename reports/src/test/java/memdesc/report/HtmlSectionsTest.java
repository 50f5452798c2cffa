package memdesc.report;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every section is in the HTML; a section without data says "not computed" instead of vanishing. */
class HtmlSectionsTest {
    static String section(String html, String id) {
        Matcher m = Pattern.compile("<section id=\"" + id + "\">(.*?)</section>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "no section " + id);
        return m.group(1);
    }

    @Test void roadmapOnlyReportSaysWhatWasNotComputed() {
        String html = Report.render(Fixtures.roadmapOnly(), Format.HTML);
        for (String id : new String[] {"verification", "cost", "progress"}) {
            assertTrue(section(html, id).contains("not computed"), id);
        }
        assertTrue(section(html, "charts").contains("sizeof(struct page) by state: not computed"));
        assertTrue(section(html, "deps").contains("inference not computed"));
        assertEquals(1, html.split("<svg", -1).length - 1, "only the (declared) dependency graph can be drawn");
        assertTrue(section(html, "roadmap").contains("shrink-32"));
    }

    @Test void fullReportHasEveryFigureSection() {
        String html = Report.render(Fixtures.full(), Format.HTML);
        assertTrue(section(html, "verification").contains("FAIL"));
        assertTrue(section(html, "verification").contains("small.yaml:33:9"));
        // the cost table has a column group per machine, and the 16 TiB machine's memmap at 64 bytes
        String cost = section(html, "cost");
        assertTrue(cost.contains("16 GiB machine") && cost.contains("1 TiB machine") && cost.contains("16 TiB machine"));
        assertTrue(cost.contains("256 GiB"), "16 TiB / 4 KiB pages x 64 B");
        assertTrue(section(html, "progress").contains("v6.12"));
        assertTrue(section(html, "deps").contains("class=\"why\">lru-uses<"), "the undeclared need is flagged");
        assertTrue(html.contains("64 B \u2192 32 B"), "header tile: struct page from baseline to the last state");
    }
}
