package memdesc.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTML report as a person sees it: Debian's chromium renders it headless, takes a screenshot and
 * dumps the DOM. The screenshot is kept at {@code target/report.png}. Skipped, saying why, only when
 * chromium is not installed ({@code .ci/run} installs it).
 */
class BrowserTest {
    @TempDir Path dir;

    static final int W = 1280, H = 2000;

    static Path chromium() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(p))) return Path.of(p);
        }
        return null;
    }

    /** Runs chromium headless with no network, no sync, a throwaway profile; returns its stdout. */
    String run(Path chromium, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile")));
        cmd.addAll(List.of(extra));
        Path out = dir.resolve("chromium.out"), err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 180 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(err));
        return Files.readString(out);
    }

    static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test void htmlIsSelfContained() {
        String html = Report.render(Fixtures.full(), Format.HTML);
        // the only URL is the SVG namespace, which is a name, not a fetch
        assertEquals(count(html, "https?://"), count(html, "http://www\\.w3\\.org/2000/svg"), "a URL other than the SVG namespace");
        for (String fetch : List.of("<script", "<link", "<img", "@import", "url(http", "<iframe", "@font-face")) {
            assertTrue(!html.contains(fetch), "HTML contains " + fetch);
        }
        assertTrue(html.contains("<style>"), "inline CSS");
    }

    @Test void chromiumRendersTheReport() throws Exception {
        Path chromium = chromium();
        Assumptions.assumeTrue(chromium != null,
                "chromium is not installed (apt-get install chromium; .ci/run does it): the browser test cannot run");
        Path html = dir.resolve("report.html");
        Report.write(Fixtures.full(), Format.HTML, html);
        Path png = dir.resolve("report.png");
        run(chromium, "--screenshot=" + png, "--window-size=" + W + "," + H, html.toUri().toString());
        assertTrue(Files.size(png) > 10_000, "screenshot is suspiciously small");
        Files.createDirectories(Path.of("target"));
        Files.copy(png, Path.of("target/report.png"), StandardCopyOption.REPLACE_EXISTING);

        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(W, img.getWidth());
        assertEquals(H, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0, chartBlue = 0, chartOrange = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) nonWhite++;
                if (near(rgb, 0x0072B2)) chartBlue++;
                if (near(rgb, 0xE69F00)) chartOrange++;
            }
        }
        long sampled = (long) (W / 2) * (H / 2);
        assertTrue(colours.size() > 200, "only " + colours.size() + " colours: blank or broken page");
        assertTrue(nonWhite > sampled / 10, "the page is mostly white");
        // the charts' bars and lines were painted, not only the text around them
        assertTrue(chartBlue > 500, "too few chart-blue pixels: " + chartBlue);
        assertTrue(chartOrange > 500, "too few chart-orange pixels: " + chartOrange);

        String dom = run(chromium, "--dump-dom", html.toUri().toString());
        assertEquals(4 + Fixtures.full().progress().probes().size(), count(dom, "<svg\\b"), "four charts and a trend per probe in the DOM");
        // 5 states x 3 machines of overhead bars, 5 struct page bands, 4 dependency boxes, at least
        assertTrue(count(dom, "<rect\\b") >= 24, "bars and boxes: " + count(dom, "<rect\\b"));
        assertEquals(15, count(dom, "class=\"bar\""), "one overhead bar per state and machine");
        assertEquals(4, count(dom, "class=\"node\""), "one box per step in the dependency graph");
        assertTrue(count(dom, "<polyline\\b") >= 4, "staircase and one line per probe: " + count(dom, "<polyline\\b"));
        assertTrue(count(dom, "<path\\b") >= 3, "dependency edges: " + count(dom, "<path\\b"));
        assertTrue(dom.contains("sizeof(struct page) after each step"));
    }

    /** The project's real roadmap, before verification is wired in: the dependency graph is the one chart. */
    @Test void chromiumRendersTheRealRoadmap() throws Exception {
        Path chromium = chromium();
        Assumptions.assumeTrue(chromium != null, "chromium is not installed: the browser test cannot run");
        var roadmap = memdesc.steps.RoadmapLoader.load(Path.of("..", "roadmap.yaml"));
        Path html = dir.resolve("real.html");
        Report.write(Report.build(roadmap, null, null, null, null), Format.HTML, html);
        String dom = run(chromium, "--dump-dom", html.toUri().toString());
        assertEquals(1, count(dom, "<svg\\b"));
        assertEquals(roadmap.steps().size(), count(dom, "class=\"node\""), "a box per step");
        long edges = roadmap.steps().stream().mapToLong(st -> st.requires().size()).sum();
        assertEquals(edges, count(dom, "class=\"edge\""), "an arrow per declared require");
        Path png = dir.resolve("real.png");
        run(chromium, "--screenshot=" + png, "--window-size=" + W + "," + H, html.toUri().toString());
        BufferedImage img = ImageIO.read(png.toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 4) for (int x = 0; x < img.getWidth(); x += 4) colours.add(img.getRGB(x, y));
        assertTrue(colours.size() > 100, "blank page: " + colours.size() + " colours");
    }

    static boolean near(int rgb, int want) {
        int dr = Math.abs(((rgb >> 16) & 255) - ((want >> 16) & 255));
        int dg = Math.abs(((rgb >> 8) & 255) - ((want >> 8) & 255));
        int db = Math.abs((rgb & 255) - (want & 255));
        return dr + dg + db <= 12;
    }

}
