package memdesc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code ```console} example in README.md and docs/ is what the code prints today (see {@link Examples};
 * {@code ./memdesc examples --update} rewrites the ones that drifted).
 */
class ExamplesTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test void everyExampleInTheDocsIsWhatTheCodePrintsToday() throws Exception {
        List<Path> files = ExamplesCommand.defaults(ROOT);
        List<Examples.Result> rs = Examples.check(files, ROOT, false);
        assertTrue(rs.size() >= 10, "the docs should show commands with their output; found " + rs.size());
        StringBuilder bad = new StringBuilder();
        for (Examples.Result r : rs)
            if (!r.matches())
                bad.append(r.example().file()).append(':').append(r.example().line()).append(": $ ").append(r.example().command())
                        .append("\n--- expected\n").append(r.example().expected()).append("+++ printed\n").append(r.actual());
        assertEquals("", bad.toString(), "examples that drifted (./memdesc examples --update rewrites them)");
    }

    @Test void placeholders() {
        assertTrue(Examples.matches("22 states in [TIME] (0 cached)\n", "22 states in 5980 ms (0 cached)\n"));
        assertTrue(Examples.matches("wrote [TMP] ([..] bytes)\n", "wrote /tmp/x1/r.html (453745 bytes)\n"));
        assertTrue(Examples.matches("a\n...\nz\n", "a\nb\nc\nz\n"));
        assertTrue(Examples.matches("a\n...\nz\n", "a\nz\n"));
        assertFalse(Examples.matches("a [..] c\n", "a b\nc\n"), "[..] stays within a line");
        assertFalse(Examples.matches("x (1)\n", "x (2)\n"), "the rest is literal, regex characters included");
    }

    @Test void aChangedOutputFailsAndUpdateRewritesIt(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("doc.md");
        String good = "# t\n\n```console\n$ ./memdesc layout --diff a.h b.h\nstruct s: 4 -> 8 bytes (+4)\n  + b       @4              4  int\n```\n\ntail\n";
        Files.writeString(dir.resolve("a.h"), "struct s { int a; };\n");
        Files.writeString(dir.resolve("b.h"), "struct s { int a; int b; };\n");
        Files.writeString(doc, good);
        assertTrue(Examples.check(List.of(doc), dir, false).get(0).matches(), "the example as written");
        Files.writeString(doc, good.replace("+4)", "+5)"));
        Examples.Result r = Examples.check(List.of(doc), dir, false).get(0);
        assertFalse(r.matches(), "one changed character is caught");
        assertEquals(4, r.example().line(), "the line of the $ command");
        Examples.check(List.of(doc), dir, true);
        assertEquals(good, Files.readString(doc), "--update puts back what the command prints");
    }

    /** --update edits the old text into the new output: matching lines keep their [..], "..." keeps standing for what it left out. */
    @Test void updateChangesOnlyTheLinesThatChanged() {
        assertEquals("head [..] x\n...\nnew line\ntail\n",
                Examples.merged("head [..] x\n...\nold line\ntail\n", "head 12 x\nskipped 1\nskipped 2\nnew line\ntail\n"));
        assertEquals("a\nwrapped and\n  continued\nz [..]\n", Examples.merged("a\nwrapped and continued\nz [..]\n", "a\nwrapped and\n  continued\nz 9\n"));
        assertEquals("in [TIME]\nnew in [TIME]\n", Examples.merged("in [TIME]\n", "in 5 ms\nnew in 7 ms\n"));
        String out = "a\nb\nc\n";
        assertTrue(Examples.matches(Examples.merged("x\n...\ny\n", out), out), "what --update writes matches");
    }

    @Test void updateKeepsThePlaceholdersItCan() {
        assertEquals("22 states in [TIME] (0 cached)\nwrote [TMP]\n",
                Examples.masked("x [TIME] [TMP]\n", "22 states in 5980 ms (0 cached)\nwrote /tmp/a/b.html\n"));
        assertEquals("in 12 ms\n", Examples.masked("no placeholder\n", "in 12 ms\n"));
    }

    @Test void pipesAndEnvironment() {
        String head = Examples.run("./memdesc layout --diff shrink-16 memdesc-8 | head -1", ROOT);
        assertEquals("struct page: 16 -> 8 bytes (-8)\n", head);
        String wide = Examples.run("COLUMNS=120 ./memdesc show shrink-32 --diff --mix none", ROOT);
        assertTrue(wide.lines().anyMatch(l -> l.length() > 80), "COLUMNS=120 reaches the command");
        // any other pipe: memdesc still runs in this process (no launcher, no jar needed), bash does the rest
        String sed = Examples.run("./memdesc layout --diff shrink-16 memdesc-8 | sed -n '1p' | tr a-z A-Z", ROOT);
        assertEquals("STRUCT PAGE: 16 -> 8 BYTES (-8)\n", sed);
    }
}
