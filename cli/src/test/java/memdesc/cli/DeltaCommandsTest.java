package memdesc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** show --diff, layout --diff and walk through the real command line, on the shipped roadmap and real files. */
class DeltaCommandsTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    static Run run(Path cwd, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), cwd);
        return new Run(code, out.toString(), err.toString());
    }

    static final Path ROADMAP = Path.of("..", "roadmap.yaml").toAbsolutePath().normalize();

    @Test void showDiffOfShrink32() {
        Run r = run(dir, "show", "shrink-32", ROADMAP.toString(), "--diff");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("shrink-32 (step 17): Shrink struct page to 32 bytes\n  against buddy-order-flags (step 16)\n"), r.out());
        assertTrue(r.out().contains("struct page: 64 -> 32 bytes (-32)"), r.out());
        assertTrue(r.out().contains("  + memdesc    @8              8  long unsigned int"), r.out());
        assertTrue(r.out().contains("  memcg           page.memcg_data -> page.memdesc"), r.out());
        assertTrue(r.out().contains("  page_folio()     compound_head -> memdesc"), r.out());
        assertTrue(r.out().contains("mix idle, 1 TiB         16 GiB -> 8 GiB"), r.out());
        r.out().lines().forEach(l -> assertTrue(l.length() <= 80, "over 80 columns: " + l));
    }

    @Test void showDiffAgainstAnyStateAsJson() throws Exception {
        Run r = run(dir, "show", "memdesc-8", ROADMAP.toString(), "--diff", "--against", "baseline", "--format", "json", "--mix", "none");
        assertEquals(0, r.code(), r.err());
        JsonNode d = new ObjectMapper().readTree(r.out()).get(0);
        assertEquals("baseline", d.get("from").get("id").asText());
        assertEquals("memdesc-8", d.get("to").get("id").asText());
        JsonNode page = null;
        for (JsonNode s : d.get("structs")) if (s.get("name").asText().equals("page")) page = s;
        assertEquals(64, page.get("sizeBefore").asLong());
        assertEquals(8, page.get("sizeAfter").asLong());
        assertEquals(0, d.get("costs").size(), "--mix none: no cost");
    }

    @Test void badInputIsOneLineAndExit2() {
        Run noPrev = run(dir, "show", "baseline", ROADMAP.toString(), "--diff");
        assertEquals(2, noPrev.code());
        assertEquals(1, noPrev.err().lines().count(), noPrev.err());
        Run fmt = run(dir, "show", "shrink-32", ROADMAP.toString(), "--diff", "--format", "yaml");
        assertEquals(2, fmt.code());
        assertTrue(fmt.err().contains("unknown --format 'yaml'"), fmt.err());
        Run against = run(dir, "show", "shrink-32", ROADMAP.toString(), "--against", "baseline");
        assertEquals(2, against.code());
        Run layout = run(dir, "layout", "--roadmap", ROADMAP.toString(), "--diff", "shrink-32");
        assertEquals(2, layout.code());
        assertTrue(layout.err().contains("needs two sources"), layout.err());
        Run unknown = run(dir, "layout", "--roadmap", ROADMAP.toString(), "--diff", "shrink-32", "shrink-16", "pagge");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("did you mean"), unknown.err());
    }

    @Test void layoutDiffOfTwoHeaderFiles() throws Exception {
        Files.writeString(dir.resolve("old.h"), "struct s { long a; int b; };\nstruct t { int x; };\n");
        Files.writeString(dir.resolve("new.h"), "struct s { int b; long a; int c; };\nstruct t { int x; };\n");
        Run r = run(dir, "layout", "--diff", "old.h", "new.h");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                struct s: 16 -> 24 bytes (+8)
                  > b       @8 -> 0         4  int
                  > a       @0 -> 8         8  long int
                  + c       @16             4  int
                  holes: +hole 4 at @4, +padding 4 at @20, -padding 4 at @12
                """, r.out());
        Run md = run(dir, "layout", "--diff", "old.h", "new.h", "t", "--format", "md");
        assertEquals("#### struct t: 4 bytes (no change)\n\n", md.out(), "an unchanged struct named explicitly says so");
    }

    @Test void layoutDiffOfTwoStates() {
        Run r = run(dir, "layout", "--roadmap", ROADMAP.toString(), "--diff", "shrink-16", "memdesc-8", "page");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("struct page: 16 -> 8 bytes (-8)\n"), r.out());
        assertTrue(r.out().contains("~ memdesc  @0              8  long unsigned int -> u64"), r.out());
    }

    @Test void walkPrintsEveryStepUnderARule() {
        Run r = run(dir, "walk", ROADMAP.toString(), "--mix", "none");
        assertEquals(0, r.code(), r.err());
        long rules = r.out().lines().filter(l -> l.matches("== \\d+/\\d+ =+")).count();
        assertEquals(22, rules);
        assertTrue(!r.out().contains("\033["), "no colour when not a terminal");
        r.out().lines().forEach(l -> assertTrue(l.length() <= 80, "over 80 columns: " + l));
        assertTrue(r.out().contains("== 17/22 ="));
    }

    @Test void layoutDiffOfTwoKernelTrees() throws Exception {
        // two source directories shaped like kernel trees (our own text): struct page gains a word
        for (String[] t : new String[][] {{"a", "\tunsigned long flags;\n\tint _refcount;\n"},
                {"b", "\tunsigned long flags;\n\tunsigned long memdesc;\n\tint _refcount;\n"}}) {
            Path inc = dir.resolve(t[0]).resolve("include/linux");
            Files.createDirectories(inc);
            Files.writeString(inc.resolve("mm_types.h"), "struct page {\n" + t[1] + "};\n");
        }
        Run r = run(dir, "layout", "--diff", "a", "b");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                struct page: 16 -> 24 bytes (+8)
                  > _refcount  @8 -> 16        4  int
                  + memdesc    @8              8  long unsigned int
                  holes: +padding 4 at @20, -padding 4 at @12
                """, r.out(), "the default structs a tree has (page), compared");
        Run both = run(dir, "layout", "--diff", "a", "b", "--kernel", "a");
        assertEquals(2, both.code());
    }
}
