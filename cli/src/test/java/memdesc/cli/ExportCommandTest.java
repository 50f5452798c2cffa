package memdesc.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code memdesc export} through the real command line; its output checked with the real git and gcc. */
class ExportCommandTest {
    @TempDir Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** drop-b removes page->b while u still reads it: states 2 and 3 do not build, 0 and 1 do. */
    static final String WRONG = """
            name: T
            phases:
              - {id: p, title: P}
            baseline:
              title: three ints
              source: {seed: s.txt, section: S}
              structs:
                page: "struct page { int a; int b; int c; };"
              users:
                u: {file: f.c, title: U, accesses: [page.b]}
                v: {file: g.c, title: V, accesses: [page.c]}
            steps:
              - id: v-to-a
                title: V uses a
                phase: p
                source: {seed: s.txt, section: S}
                changes: [{convert: {users: [v], from: page.c, to: page.a}}]
              - id: drop-b
                title: Remove page->b while u reads it
                phase: p
                source: {seed: s.txt, section: S}
                changes: [{remove: page.b}]
              - id: drop-c
                title: Remove page->c
                phase: p
                source: {seed: s.txt, section: S}
                changes: [{remove: page.c}]
            """;

    Map.Entry<Integer, String> sh(Path dir, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("LC_ALL", "C", "GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", "/dev/null",
                "MEMDESC_CACHE", tmp.resolve("cache").toString()));
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return Map.entry(p.waitFor(), out);
    }

    @Test
    void printsOneLinePerCommitAndARecipeThatBisects() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("wrong.yaml"), WRONG);
        Path dir = tmp.resolve("it's out"); // the recipe must survive a space and a quote in the path
        Run r = run("export", yaml.toString(), "--to", dir.toString(), "--check", "build");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        // the commit lines are what git log --oneline shows with 12-digit ids
        var log = sh(dir, "git log --reverse --format='%h %s' --abbrev=12");
        assertEquals(0, log.getKey());
        assertEquals(log.getValue().lines().toList(), lines.subList(0, 4));
        assertTrue(lines.get(0).endsWith(" baseline: three ints"), lines.get(0));
        assertTrue(lines.get(2).endsWith(" drop-b: Remove page->b while u reads it"), lines.get(2));
        assertEquals("check.sh: the C compiler only (--check build): it does not run the model", lines.get(4));

        // what was written (prose, wrapped to the width), then the command to paste on a line of its own, whole
        String first = lines.get(0).substring(0, 12);
        String recipe = "cd '" + dir.toString().replace("'", "'\\''") + "' && git bisect start HEAD " + first + " && git bisect run ./check.sh";
        String said = String.join(" ", lines.subList(5, lines.size() - 3).stream().map(String::strip).toList());
        assertEquals("wrote 4 commits (3 steps) of " + yaml + " to " + dir + ", branch main checked out at the last state; bisect it with:", said);
        assertEquals(List.of("  cd '" + dir.toString().replace("'", "'\\''") + "'", "  git bisect start HEAD " + first, "  git bisect run ./check.sh"),
                lines.subList(lines.size() - 3, lines.size()));

        Assumptions.assumeTrue(sh(tmp, "command -v cc").getKey() == 0, "no C compiler: check.sh would skip");
        var bisect = sh(tmp, recipe);
        assertEquals(0, bisect.getKey(), bisect.getValue());
        Matcher m = Pattern.compile("(?m)^([0-9a-f]{40}) is the first bad commit$").matcher(bisect.getValue());
        assertTrue(m.find(), bisect.getValue());
        assertEquals(lines.get(2).substring(0, 12), m.group(1).substring(0, 12), bisect.getValue());
    }

    /**
     * The shipped roadmap with shrink-32 moved before buddy-order-flags (and that need dropped): every
     * state builds, but shrink-32's buddy allocator reads a block's order from bits nothing stores yet,
     * which only the model sees; buddy-order-flags repairs it, so the last state is good again.
     */
    static String shrink32BeforeBuddyOrderFlags() throws IOException {
        String text = Files.readString(Path.of("..", "roadmap.yaml"));
        int bof = text.indexOf("\n  - id: buddy-order-flags\n"), s32 = text.indexOf("\n  - id: shrink-32\n"),
                s16 = text.indexOf("\n  - id: shrink-16\n");
        assertTrue(bof > 0 && bof < s32 && s32 < s16, "the shipped roadmap's order changed");
        String moved = text.substring(0, bof) + text.substring(s32, s16) + text.substring(bof, s32) + text.substring(s16);
        String requires = ", dyn-bump, buddy-order-flags]";
        assertTrue(moved.contains(requires));
        return moved.replace(requires, ", dyn-bump]");
    }

    @Test
    void realGitBisectRunOnAModelOnlyBreakNamesTheStepMemdescBisectNames() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("moved.yaml"), shrink32BeforeBuddyOrderFlags());
        Path dir = tmp.resolve("exported");
        Path cache = tmp.resolve("cache");
        Run r = run("export", "--roadmap", yaml.toString(), "--to", dir.toString(), "--machine", "64MiB");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(r.out().contains("\ncheck.sh: memdesc check --until the state (machine 64MiB, seed 1), then the C\n"), r.out());
        String first = lines.get(0).substring(0, 12);
        String shrink32 = lines.stream().filter(l -> l.endsWith(" shrink-32: Shrink struct page to 32 bytes")).findFirst().orElseThrow().substring(0, 12);

        // the git command, not JGit: git bisect run ./check.sh, each probe a fresh memdesc
        var bisect = sh(dir, "git bisect start HEAD " + first + " >/dev/null && git bisect run ./check.sh");
        assertEquals(0, bisect.getKey(), bisect.getValue());
        Matcher m = Pattern.compile("(?m)^([0-9a-f]{40}) is the first bad commit$").matcher(bisect.getValue());
        assertTrue(m.find(), bisect.getValue());
        assertEquals(shrink32, m.group(1).substring(0, 12), bisect.getValue());
        // the model's finding (since check runs the type-confusion checker: the buddy allocator reads
        // page->private over its own list link), not the compiler's
        assertTrue(bisect.getValue().contains("scenario boot: user buddy: pfn "), "the model's finding, not the compiler's: " + bisect.getValue());
        assertFalse(bisect.getValue().contains("does not build"), bisect.getValue());

        // memdesc bisect on the same roadmap and machine names the same step
        String before = System.getProperty("memdesc.cache");
        System.setProperty("memdesc.cache", cache.toString());
        try {
            Run mb = run("bisect", yaml.toString(), "--machine", "64MiB", "--no-repairs");
            assertEquals(1, mb.code(), mb.out() + mb.err());
            assertTrue(mb.out().contains("\nshrink-32 is the first bad step\n"), mb.out());
        } finally {
            if (before == null) System.clearProperty("memdesc.cache");
            else System.setProperty("memdesc.cache", before);
        }
    }

    /**
     * A variant (extends: a base file) exported: its bases go with it (base-1.yaml, its extends: renamed
     * on the same line), so check.sh loads it there and verifies, instead of skipping every commit.
     */
    @Test
    void aVariantCarriesItsBaseSoCheckShVerifiesIt() throws Exception {
        Path base = Files.writeString(tmp.resolve("base-of-variant.yaml"), WRONG);
        Files.createDirectories(tmp.resolve("variants"));
        Path variant = Files.writeString(tmp.resolve("variants/v.yaml"), "extends: ../base-of-variant.yaml   # the base\nname: a variant\n");
        Path dir = tmp.resolve("variant-out");
        Run r = run("export", "--roadmap", variant.toString(), "--to", dir.toString(), "--machine", "64MiB");
        assertEquals(0, r.code(), r.err());
        assertEquals("extends: base-1.yaml   # the base\nname: a variant\n", Files.readString(dir.resolve("roadmap.yaml")));
        assertEquals(Files.readString(base), Files.readString(dir.resolve("base-1.yaml")));
        String first = r.out().lines().findFirst().orElseThrow().substring(0, 12);
        // a verdict (this base's 12-byte page fails the model: 1), not a skip (125)
        var verdict = sh(dir, "git checkout -q " + first + " && ./check.sh");
        assertEquals(1, verdict.getKey(), verdict.getValue());
        assertTrue(verdict.getValue().contains("roadmap.yaml: 1 state, machine 64.0 MiB"), verdict.getValue());
        assertTrue(verdict.getValue().contains("bisectable: no: first bad step 0 baseline: scenario boot: "), verdict.getValue());
    }

    @Test
    void checkShSkipsWithoutAMemdescToRunAndNeverPassesUnverified() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("wrong.yaml"), WRONG);
        Path dir = tmp.resolve("out");
        assertEquals(0, run("export", yaml.toString(), "--to", dir.toString(), "--machine", "64MiB").code());
        var noConfig = sh(dir, "git config --unset memdesc.command; PATH=/usr/bin:/bin ./check.sh");
        assertEquals(125, noConfig.getKey(), noConfig.getValue());
        var missing = sh(dir, "MEMDESC=/nonexistent/memdesc ./check.sh");
        assertEquals(125, missing.getKey(), missing.getValue());
        var badInput = sh(dir, "echo 'name: [' > roadmap.yaml && ./check.sh");
        assertEquals(125, badInput.getKey(), badInput.getValue());
    }

    @Test
    void buildOnlyExportSaysSo() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("wrong.yaml"), WRONG);
        Path dir = tmp.resolve("out");
        Run r = run("export", yaml.toString(), "--to", dir.toString(), "--check", "build");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\ncheck.sh: the C compiler only (--check build): it does not run the model\n"), r.out());
        assertFalse(Files.exists(dir.resolve("roadmap.yaml")));
    }

    @Test
    void refusesANonEmptyTargetWithOneLineAndWritesNothing() throws IOException {
        Path yaml = Files.writeString(tmp.resolve("wrong.yaml"), WRONG);
        Path dir = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(dir.resolve("notes.txt"), "keep");
        Run r = run("export", yaml.toString(), "--to", dir.toString());
        assertEquals(new Run(2, "", "memdesc: " + dir + " is not empty; export writes a new repository into an empty or new directory\n"), r);
        assertEquals(List.of(dir.resolve("notes.txt")), list(dir));
    }

    @Test
    void refusesAFileAsTarget() throws IOException {
        Path yaml = Files.writeString(tmp.resolve("wrong.yaml"), WRONG);
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Run r = run("export", yaml.toString(), "--to", file.toString());
        assertEquals(new Run(2, "", "memdesc: " + file + " exists and is not a directory\n"), r);
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aUserIdThatIsAPathIsBadInputAndNothingIsWritten() throws IOException {
        Path yaml = Files.writeString(tmp.resolve("escape.yaml"), WRONG.replace("    u: {file", "    ../../u: {file"));
        Path dir = tmp.resolve("never");
        Run r = run("export", yaml.toString(), "--to", dir.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(yaml + ":10:5: error: bad user id '../../u'"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(Files.exists(dir));
        assertFalse(Files.exists(tmp.resolve("u.c")) || Files.exists(tmp.getParent().resolve("u.c")));
    }

    @Test
    void theTargetIsRequired() {
        Run r = run("export");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("memdesc: Missing required option: '--to=DIR'"), r.err());
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
