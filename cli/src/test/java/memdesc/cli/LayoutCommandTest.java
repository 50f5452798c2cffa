package memdesc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** memdesc layout through Main.run, on real files. */
class LayoutCommandTest {
    @TempDir Path dir;

    private record Run(int exit, String out, String err) { }

    private static Run run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(args, new PrintWriter(o), new PrintWriter(e));
        return new Run(code, o.toString(), e.toString());
    }

    private Path header(String text) throws Exception {
        Path f = dir.resolve("t.h");
        Files.writeString(f, text);
        return f;
    }

    private static final String HDR = """
        struct demo {
        	char c;
        #ifdef CONFIG_WIDE
        	long wide;
        #endif
        	int i;
        	struct list_head lru;
        };
        """;

    @Test
    void textTableShowsOffsetsAndHoles() throws Exception {
        Run r = run("layout", "--file", header(HDR).toString(), "-DCONFIG_WIDE", "demo");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("struct demo: size 40, align 8"), r.out());
        assertTrue(r.out().contains("(hole)"), r.out());
        assertTrue(r.out().matches("(?s).*\\n\\s+24\\s+16\\s+lru\\s+struct list_head\\n.*"), r.out());
    }

    @Test
    void definesAndAbiChangeTheLayout() throws Exception {
        Path f = header(HDR);
        assertTrue(run("layout", "--file", f.toString()).out().startsWith("struct demo: size 24,"));
        assertTrue(run("layout", "--file", f.toString(), "--abi", "ilp32").out().startsWith("struct demo: size 16, align 4"));
    }

    @Test
    void paholeAndJsonFormats() throws Exception {
        Path f = header(HDR);
        Run p = run("layout", "--file", f.toString(), "--format", "pahole");
        assertEquals(0, p.exit(), p.err());
        assertTrue(p.out().contains("\tstruct list_head           lru;                  /*     8    16 */"), p.out());
        assertTrue(p.out().contains("/* size: 24, cachelines: 1, members: 3 */"), p.out());
        Run j = run("layout", "--file", f.toString(), "--format", "json");
        JsonNode n = new ObjectMapper().readTree(j.out());
        assertEquals("demo", n.get(0).get("name").asText());
        assertEquals(24, n.get(0).get("size").asInt());
        assertEquals("lru", n.get(0).get("members").get(2).get("name").asText());
        assertEquals(3, n.get(0).get("holeBytes").asInt());
    }

    @Test
    void reorganizeSaves() throws Exception {
        Path f = header("struct r { char a; long b; char c; };\n");
        Run r = run("layout", "--file", f.toString(), "--format", "pahole", "--reorganize");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("/* saved 8 bytes! */"), r.out());
    }

    @Test
    void badInputIsOneLocatedLineAndExit2() throws Exception {
        Path f = header("struct s {\n\tint a;\n\tfoo_t x;\n};\n");
        Run r = run("layout", "--file", f.toString());
        assertEquals(Main.BAD_INPUT, r.exit());
        assertEquals(f + ":3:9: error: unknown type name 'foo_t'\n", r.err());
        assertEquals(Main.BAD_INPUT, run("layout", "--file", dir.resolve("missing.h").toString()).exit());
        assertEquals(Main.BAD_INPUT, run("layout", "--file", header(HDR).toString(), "--abi", "sparc").exit());
        Run unknown = run("layout", "--file", header(HDR).toString(), "nosuch");
        assertEquals(Main.BAD_INPUT, unknown.exit());
        assertTrue(unknown.err().contains("no struct or union named 'nosuch'"), unknown.err());
    }

    @Test
    void benchRunsAndPrintsFigures() {
        StringWriter o = new StringWriter();
        CommandLine cl = new CommandLine(new memdesc.cli.bench.LayoutBench());
        cl.setOut(new PrintWriter(o));
        assertEquals(0, cl.execute("--passes", "3"));
        assertTrue(o.toString().contains("13 structs per pass"), o.toString());
        assertTrue(o.toString().contains("warm passes: 3"), o.toString());
    }
}
