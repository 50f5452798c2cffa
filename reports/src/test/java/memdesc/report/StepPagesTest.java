package memdesc.report;

import memdesc.delta.StructDelta;
import memdesc.layout.Abi;
import memdesc.layout.CHeader;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The byte maps and the report's page per step. */
class StepPagesTest {
    @TempDir Path dir;

    static List<StructDelta.Item> items(String c, String name) {
        return new ArrayList<>(StructDelta.index(CHeader.parse("t.h", c, Abi.LP64, Map.of()).require(name)).values());
    }

    @Test void unionAlternativesAreStackedInLanes() {
        // word 0: flags; word 1: a (8) and, in the union, b (4) + c (4): two lanes; word 2: padding-free d
        var rows = ByteMap.rows(24, items("struct s { long flags; union { long a; struct { int b; int c; }; }; long d; };", "s"));
        assertEquals(3, rows.size());
        assertEquals(List.of(new ByteMap.Box("flags", 0, 0, 0, 8)), rows.get(0));
        assertEquals(List.of(new ByteMap.Box("a", 1, 0, 8, 16), new ByteMap.Box("b", 1, 1, 8, 12),
                new ByteMap.Box("c", 1, 1, 12, 16)), rows.get(1));
        // a 16-byte member spans two rows, one box in each
        var span = ByteMap.rows(16, items("struct l { struct l *n, *p; }; struct t { struct l lru; };", "t"));
        assertEquals(List.of(new ByteMap.Box("lru", 0, 0, 0, 8)), span.get(0));
        assertEquals(List.of(new ByteMap.Box("lru", 1, 0, 8, 16)), span.get(1));
    }

    @Test void colourDependsOnTheNameOnly() {
        assertEquals(ByteMap.colour("lru"), ByteMap.colour("lru"));
        assertNotEquals(ByteMap.colour("lru"), ByteMap.colour("mapping"));
        String before = ByteMap.svg("s", 16, items("struct s { long lru; int x; };", "s"), "before");
        String after = ByteMap.svg("s", 16, items("struct s { int x; long lru; };", "s"), "after");
        String fill = "fill=\"" + ByteMap.colour("lru") + "\"";
        assertTrue(before.contains(fill) && after.contains(fill), "lru keeps its colour when it moves");
    }

    @Test void holesAndCacheLinesAreDrawn() {
        String svg = ByteMap.svg("s", 72, items("struct s { char a; long b[8]; };", "s"), "t");
        assertEquals(7, BrowserTest.count(svg, "class=\"hole\""), "bytes 1..7 are a hole");
        assertTrue(svg.contains("cache line 1"), "the 64-byte boundary is marked");
    }

    static Roadmap shipped() {
        return RoadmapLoader.load(Path.of("..", "roadmap.yaml"));
    }

    @Test void reportHasAPagePerStepLinkedFromTheRoadmap() {
        Roadmap r = shipped();
        var model = Report.build(r, null, null, null, null).withStepPages(StepPages.of(r));
        String html = Report.render(model, Format.HTML);
        for (var s : r.steps()) {
            assertTrue(html.contains("id=\"step-" + s.id() + "\""), "a page for " + s.id());
            assertTrue(html.contains("href=\"#step-" + s.id() + "\""), "a link to " + s.id());
        }
        var page = model.stepPages().stream().filter(p -> p.id().equals("shrink-32")).findFirst().orElseThrow();
        var pic = page.pictures().get(0);
        assertEquals("page", pic.struct());
        assertEquals(64, pic.sizeBefore());
        assertEquals(32, pic.sizeAfter());
        assertTrue(page.deltaText().contains("struct page: 64 -> 32 bytes (-32)"), page.deltaText());
        // without step pages (text, Markdown, or a model built without them) the roadmap table has no links
        assertTrue(!Report.render(Report.build(r, null, null, null, null), Format.HTML).contains("href=\"#step-"));
    }

    /** One step page as a person sees it; the screenshot is kept at target/step-page.png (docs/ has a copy). */
    @Test void chromiumRendersAStepPage() throws Exception {
        Path chromium = BrowserTest.chromium();
        Assumptions.assumeTrue(chromium != null, "chromium is not installed (.ci/run installs it): the step page screenshot cannot run");
        Roadmap r = shipped();
        var model = Report.build(r, null, null, null, null).withStepPages(StepPages.of(r));
        Path html = dir.resolve("report.html");
        Report.write(model, Format.HTML, html);
        BrowserTest b = new BrowserTest();
        b.dir = dir;
        Path png = dir.resolve("step.png");
        b.run(chromium, "--screenshot=" + png, "--window-size=1280,1400", html.toUri() + "#step-shrink-32");
        BufferedImage img = ImageIO.read(png.toFile());
        // the member boxes are pastel: count pixels of the hues the page's members get
        long coloured = 0;
        for (int y = 0; y < img.getHeight(); y += 2)
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                int rr = rgb >> 16, gg = (rgb >> 8) & 255, bb = rgb & 255;
                int max = Math.max(rr, Math.max(gg, bb)), min = Math.min(rr, Math.min(gg, bb));
                if (max > 150 && max - min > 40) coloured++;
            }
        assertTrue(coloured > 5000, "too few coloured pixels for two byte maps: " + coloured);
        Files.createDirectories(Path.of("target"));
        Files.copy(png, Path.of("target/step-page.png"), StandardCopyOption.REPLACE_EXISTING);
        String dom = b.run(chromium, "--dump-dom", html.toUri().toString());
        assertEquals(r.steps().size(), BrowserTest.count(dom, "<article class=\"step\""));
    }
}
