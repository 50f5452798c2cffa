package memdesc.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text and Markdown reports of a small fixed roadmap, compared with reviewed files. After an intended
 * change, regenerate with {@code -Dgolden.update=true}, then read the diff before committing it.
 */
class GoldenTest {
    static final Path DIR = Path.of("src/test/resources/memdesc/report/golden");

    static void check(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), file + " is missing: run with -Dgolden.update=true and review it");
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, name + " differs from the reviewed golden");
    }

    @Test void fullReportAsText() throws IOException {
        check("small.txt", Report.render(Fixtures.full(), Format.TEXT));
    }

    @Test void fullReportAsMarkdown() throws IOException {
        check("small.md", Report.render(Fixtures.full(), Format.MD));
    }

    /** The CLI's case until verification is wired in: every other section says "not computed". */
    @Test void roadmapOnlyAsText() throws IOException {
        check("small-roadmap-only.txt", Report.render(Fixtures.roadmapOnly(), Format.TEXT));
    }

    @Test void roadmapOnlyAsMarkdown() throws IOException {
        check("small-roadmap-only.md", Report.render(Fixtures.roadmapOnly(), Format.MD));
    }
}
