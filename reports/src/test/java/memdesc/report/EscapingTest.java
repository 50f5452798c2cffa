package memdesc.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hostile step title shows as text in HTML and as itself everywhere else. */
class EscapingTest {
    static final String EVIL = "<script>alert(1)</script>";
    static final String NASTY = "a & b \"q\" 'x' <i>";

    static ReportModel hostile() {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        counts.put("v1", Map.of(NASTY, 3L));
        counts.put("v2", Map.of(NASTY, 1L));
        Progress p = new Progress("/src/<b>linux</b>", List.of("v1", "v2"), List.of(new Progress.ProbeDef(NASTY, "page->lru|<x>")),
                counts, List.of());
        return Report.build(Fixtures.roadmap(EVIL), Fixtures.verdicts(), Fixtures.cost(), Fixtures.deps(), p);
    }

    @Test void htmlShowsTheTitleAsText() {
        String html = Report.render(hostile(), Format.HTML);
        assertFalse(html.contains(EVIL), "raw <script> reached the HTML");
        assertFalse(html.toLowerCase().contains("<script"), "no script element at all in a self-contained report");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the title is shown, escaped");
        assertFalse(html.contains("<b>linux</b>"));
        assertFalse(html.contains("<i>"));
    }

    /** Every chart is well-formed XML even when the names in it are hostile: the builder escapes. */
    @Test void everySvgIsWellFormedXml() throws Exception {
        String html = Report.render(hostile(), Format.HTML);
        Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        int n = 0;
        var dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        while (m.find()) {
            Document d = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8)));
            assertEquals("svg", d.getDocumentElement().getLocalName());
            // the hostile text survives as text: the DOM gives it back unescaped (the DAG's node tooltips)
            if (d.getDocumentElement().getAttribute("aria-label").startsWith("Dependency graph")) {
                assertTrue(d.getDocumentElement().getTextContent().contains(EVIL));
            }
            n++;
        }
        assertEquals(5, n, "four charts (struct page, overhead, probes, dependency graph) and a trend per probe");
    }

    @Test void svgBuilderEscapesTextAndAttributes() throws Exception {
        Svg s = new Svg(100, 50, NASTY);
        s.text(1, 2, EVIL + "\u0001", "start", 12, "fill=" + NASTY, 0);
        s.rect(0, 0, 1, 1, "red\" onload=\"x", null, EVIL);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(s.toString().getBytes(StandardCharsets.UTF_8)));
        var text = d.getElementsByTagName("text").item(0);
        assertEquals(EVIL, text.getTextContent(), "control characters dropped, markup kept as text");
        assertEquals(NASTY, text.getAttributes().getNamedItem("fill").getNodeValue());
        var rect = d.getElementsByTagName("rect").item(0);
        assertEquals("red\" onload=\"x", rect.getAttributes().getNamedItem("fill").getNodeValue());
        assertEquals(null, rect.getAttributes().getNamedItem("onload"));
    }

    @Test void textAndMarkdownAreNotHtmlEscaped() {
        for (Format f : List.of(Format.TEXT, Format.MD)) {
            String out = Report.render(hostile(), f);
            assertTrue(out.contains(EVIL), f + " must show the title as written");
            assertFalse(out.contains("&lt;") || out.contains("&amp;") || out.contains("&quot;") || out.contains("&#"),
                    f + " has HTML entities");
            assertTrue(out.contains(NASTY.replace("|", "\\|")), f + " shows the probe name as written");
        }
    }

    @Test void markdownEscapesPipesSoTablesHold() {
        String md = Report.render(hostile(), Format.MD);
        assertTrue(md.contains("page->lru\\|<x>"), md);
        // the rows holding hostile text have as many unescaped cell separators as their header
        String roadmapRow = md.lines().filter(l -> l.contains(EVIL)).findFirst().orElseThrow();
        assertEquals(8, roadmapRow.replace("\\|", "").chars().filter(c -> c == '|').count(), roadmapRow);
        String probeRow = md.lines().filter(l -> l.startsWith("| a & b")).findFirst().orElseThrow();
        assertEquals(5, probeRow.replace("\\|", "").chars().filter(c -> c == '|').count(), probeRow);
    }

    @Test void jsonCarriesTheTitleVerbatim() throws Exception {
        JsonNode j = new ObjectMapper().readTree(Report.render(hostile(), Format.JSON));
        assertEquals(EVIL, j.at("/steps/2/title").asText());
        assertEquals(NASTY, j.at("/progress/probes/0/name").asText());
    }
}
