package memdesc.report;

import memdesc.steps.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading {@code memdesc progress --format json}: the shape it writes, and one-line errors for anything else. */
class ProgressJsonTest {
    @TempDir Path dir;

    static final String GOOD = """
            {"repo": "/src/linux",
             "refs": ["v6.11", "v6.12"],
             "probes": [{"name": "page->lru", "regex": "page->lru\\\\b", "fixed": false},
                        {"name": "page->index", "regex": "page->index", "fixed": true}],
             "counts": {"v6.11": {"page->lru": 80, "page->index": 5},
                        "v6.12": {"page->lru": 45, "page->index": 0}},
             "missing": [{"ref": "v6.11", "path": "mm/gone.c", "id": "0123456789abcdef0123456789abcdef01234567"}]}
            """;

    Path file(String text) throws IOException {
        Path p = dir.resolve("progress.json");
        Files.writeString(p, text);
        return p;
    }

    String error(String text) throws IOException {
        Path p = file(text);
        InputException e = assertThrows(InputException.class, () -> Report.readProgress(p));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith(p + ":"), e.getMessage());
        return e.getMessage().substring(p.toString().length());
    }

    @Test void readsTheShapeProgressWrites() throws IOException {
        Progress p = Report.readProgress(file(GOOD));
        assertEquals("/src/linux", p.repo());
        assertEquals(List.of("v6.11", "v6.12"), p.refs());
        assertEquals("page->lru\\b", p.probes().get(0).regex());
        assertEquals(false, p.probes().get(0).fixed());
        assertEquals(true, p.probes().get(1).fixed());
        assertEquals(List.of(new Progress.Missing("v6.11", "mm/gone.c", "0123456789abcdef0123456789abcdef01234567")), p.missing());
        assertEquals(45L, p.count("v6.12", "page->lru"));
        assertEquals(0L, p.count("v6.12", "page->index"));
        assertEquals(null, p.count("v6.10", "page->lru"));
        assertEquals("v6.12", p.newestRef());
    }

    @Test void syntaxErrorNamesLineAndColumn() throws IOException {
        // line 3: the value of "probes" is cut short by a stray '}' at column 12
        String msg = error("{\"repo\": \"x\",\n \"refs\": [\"v1\"],\n \"probes\": }\n");
        assertTrue(msg.startsWith(":3:12: error: "), msg);
    }

    @Test void wrongTypeNamesItsPosition() throws IOException {
        String msg = error("{\"repo\": \"x\", \"refs\": [\"v1\"], \"probes\": [],\n \"counts\": {\"v1\": {\"p\": \"many\"}}}");
        assertTrue(msg.startsWith(":2:") && msg.contains("error:"), msg);
    }

    @Test void missingAndUnknownKeysAreErrors() throws IOException {
        assertTrue(error("{\"repo\": \"x\", \"refs\": [\"v1\"], \"probes\": []}").contains("counts"));
        assertTrue(error(GOOD.replace("\"missing\"", "\"mising\"")).contains("mising"));
    }

    @Test void countsMustMatchRefsAndBeNonNegative() throws IOException {
        assertTrue(error(GOOD.replace("\"v6.11\": {", "\"v6.1\": {")).contains("'v6.1'"));
        assertTrue(error(GOOD.replace("\"page->lru\": 45", "\"page->lru\": -1")).contains(">= 0"));
        assertTrue(error(GOOD.replace("[\"v6.11\", \"v6.12\"]", "[]")).contains("refs"));
    }

    @Test void emptyFileAndMissingFile() throws IOException {
        assertTrue(error("").contains("error:"));
        InputException e = assertThrows(InputException.class, () -> Report.readProgress(dir.resolve("nope.json")));
        assertTrue(e.getMessage().endsWith("no such file"), e.getMessage());
    }
}
