package memdesc.cli;

import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** validate, steps and show through the real command line, on real roadmap files. */
class RoadmapCommandsTest {
    record Run(int code, String out, String err) {}

    /** As in a terminal wide enough for any line (the fixtures' absolute paths are long): the content, unwrapped. */
    static Run run(String... args) {
        return runIn(1000, args);
    }

    /** As with COLUMNS={@code columns}. */
    static Run runIn(int columns, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Width.with(columns, () -> Main.run(args, new PrintWriter(out), new PrintWriter(err)));
        return new Run(code, out.toString(), err.toString());
    }

    static String good() {
        try {
            return Path.of(RoadmapCommandsTest.class.getResource("/fixtures/good.yaml").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String SMALL = """
            name: T
            phases:
              - {id: p, title: P}
            baseline:
              title: b
              source: {seed: s.txt, section: S}
              structs:
                page: "struct page { int a; int b; };"
              users:
                u: {file: f.c, title: U, accesses: [page.a]}
            steps:
              - id: a
                title: A
                phase: p
                source: {seed: s.txt, section: S}
                changes: [{convert: {users: [u], from: page.b, to: page.a}}]
            """;

    @Test void validateOk() {
        Run r = run("validate", good());
        assertEquals(new Run(0, good() + ": ok (4 steps, 2 phases, 3 users, 2 structs)\n", ""), r);
    }

    @Test void validateReportsTheFirstErrorAndExits2(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.yaml");
        Files.writeString(f, SMALL.replace("    title: A", "    tilte: A"));
        assertEquals(new Run(2, "", f + ":13:5: error: unknown key 'tilte' in step (did you mean 'title'?)\n"),
                run("validate", f.toString()));
    }

    @Test void validateWarnsAboutStatesThatDoNotBuild(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.yaml");
        Files.writeString(f, SMALL);
        assertEquals(new Run(0, f + ": ok (1 step, 1 phase, 1 user, 1 struct)\n", f + ":16:16: warning: state 1 (a)"
                + " does not build: user 'u' does not access page->b here, so it cannot be converted\n"), run("validate", f.toString()));
    }

    @Test void validateMissingFile(@TempDir Path dir) {
        Path f = dir.resolve("none.yaml");
        assertEquals(new Run(2, "", f + ": error: no such file\n"), run("validate", f.toString()));
    }

    @Test void stepsTable() {
        Run r = run("steps", good());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of(
                "#  id          phase      requires              source                   title",
                "0  baseline                                     000 §Path                small baseline",
                "1  lru-uses    immediate                        000 §Immediate projects  Remove page->lru uses [done]",
                "2  index-uses  immediate                        000 §Immediate projects  Remove page->index uses",
                "3  slab-type   later      lru-uses              000 §Path                Give slab a memdesc type [in-progress]",
                "4  btrfs-back  later      slab-type,index-uses  000 §Path                Enable btrfs again"), lines);
    }

    @Test void stepsTableWrapsLongTitlesAndShortensLongRequires(@TempDir Path dir) throws IOException {
        String longTitle = "Convert every remaining user of page->mapping in the filesystems to folio->mapping, "
                + "one filesystem at a time, as the seeds describe";
        StringBuilder yaml = new StringBuilder(SMALL.replace("title: A", "title: " + longTitle));
        List<String> ids = List.of("bbbbbbbbbb", "cccccccccc", "dddddddddd", "eeeeeeeeee");
        for (String id : ids)
            yaml.append("  - {id: ").append(id).append(", title: X, phase: p, source: {seed: s.txt, section: S}, changes: []}\n");
        yaml.append("  - {id: z, title: Z, phase: p, source: {seed: s.txt, section: S}, changes: [],")
                .append(" requires: [a, ").append(String.join(", ", ids)).append("]}\n");
        Path f = dir.resolve("r.yaml");
        Files.writeString(f, yaml);
        Run r = runIn(RoadmapText.WIDTH, "steps", f.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        int titleCol = lines.get(0).indexOf("title");
        // the long title is cut at word boundaries into lines aligned under the title column
        StringBuilder joined = new StringBuilder(lines.get(2).substring(titleCol));
        int i = 3;
        for (; lines.get(i).startsWith(" "); i++) {
            assertTrue(lines.get(i).substring(0, titleCol).isBlank(), lines.get(i));
            joined.append(' ').append(lines.get(i).substring(titleCol));
        }
        assertTrue(i > 3, "wrapped");
        assertEquals(longTitle, joined.toString());
        for (String l : lines) assertTrue(l.length() <= RoadmapText.WIDTH, l);
        String zRow = lines.stream().filter(l -> l.contains(" z ")).findFirst().orElseThrow();
        assertTrue(zRow.contains("  a,bbbbbbbbbb,cccccccccc,+2  "), zRow);
    }

    /** Below 100 columns the source column goes and a title that does not fit ends in an ellipsis: one line per step. */
    @Test void stepsTableInEightyColumns() {
        Run r = runIn(80, "steps", good());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(6, lines.size(), r.out());
        assertEquals("#  id          phase      requires      title", lines.get(0));
        assertEquals("3  slab-type   later      lru-uses      Give slab a memdesc type [in-progress]", lines.get(4));
        assertEquals("4  btrfs-back  later      slab-type,+1  Enable btrfs again", lines.get(5));
        Run narrow = runIn(60, "steps", good());
        for (String l : narrow.out().lines().toList()) assertTrue(l.length() <= 60, l);
        assertTrue(narrow.out().contains("  Give slab a memdesc…\n"), narrow.out());
    }

    /** show's C text fitted to a width is the same C: every struct of every shipped state lays out as before. */
    @Test void cTextFittedToTheWidthLaysOutTheSame() {
        Roadmap r = memdesc.steps.RoadmapLoader.load(Path.of("..", "roadmap.yaml"), "roadmap.yaml");
        int longer = 0;
        for (int width : List.of(80, 60))
            for (memdesc.steps.State st : r.states()) {
                List<java.util.Map.Entry<String, String>> before = new java.util.ArrayList<>(), after = new java.util.ArrayList<>();
                for (memdesc.steps.StructDef d : st.structs().values()) {
                    before.add(java.util.Map.entry(d.name(), d.c()));
                    String fitted = RoadmapText.fitC(d.c(), width);
                    after.add(java.util.Map.entry(d.name(), fitted));
                    for (String l : fitted.split("\n")) if (l.length() > width) longer++;
                    if (d.c().lines().anyMatch(l -> l.length() > width)) assertTrue(!fitted.equals(d.c()), d.name());
                }
                var a = memdesc.layout.CHeader.parseAll(before, memdesc.layout.Abi.LP64, st.config()).structs();
                var b = memdesc.layout.CHeader.parseAll(after, memdesc.layout.Abi.LP64, st.config()).structs();
                assertEquals(a.stream().map(memdesc.layout.LayoutFormat::table).toList(),
                        b.stream().map(memdesc.layout.LayoutFormat::table).toList(), st.stepId() + " at " + width);
            }
        assertEquals(0, longer, "lines left longer than the width");
    }

    @Test void showBaselineNamesWhoStillAccessesMembersLaterStepsRemove() {
        Run r = run("show", "baseline", good());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("baseline: small baseline\n  source: 000_1925f753cd08e018.txt §Path\n"), r.out());
        assertTrue(r.out().contains("\nmembers later steps remove:\n  page.lru (step 1 lru-uses): still accessed by lru\n"), r.out());
        assertTrue(r.out().contains("\nmemdesc types:\n   0  misc\n   1  buddy\n"), r.out());
        assertEquals(r.out(), run("show", "0", good()).out());
    }

    @Test void showAStepMarksRemovedMembersInTheCText() {
        Run r = run("show", "lru-uses", good());
        assertEquals(0, r.code(), r.err());
        String o = r.out();
        assertTrue(o.startsWith("step 1/4 lru-uses: Remove page->lru uses\n  phase: immediate   status: done\n"), o);
        assertTrue(o.contains("    - lru: page->lru -> folio->lru   (" + good() + ":47:9)\n"), o);
        assertTrue(o.contains("\tstruct list_head lru;\t/* removed by step 1 lru-uses */\n"), o);
        assertTrue(o.contains("\nusers:\n  lru (mm/swap.c): folio.lru, page.flags\n"), o);
        assertTrue(o.contains("\nmembers later steps remove:\n  (none)\n"), o);
        assertTrue(o.contains("\nproblems:\n  (none: this state builds)\n"), o);
    }

    @Test void showByNumberDescriptorsHelpersDisabled() {
        Run r = run("show", "3", good());
        assertEquals(0, r.code(), r.err());
        String o = r.out();
        assertEquals(o, run("show", "slab-type", good()).out());
        assertTrue(o.contains("\nmemdesc types:\n   0  misc\n   5  slab\n"), o);
        assertTrue(o.contains("\ndescriptors:\n  folio  struct folio, separately allocated\n"), o);
        assertTrue(o.contains("\nhelpers:\n  page_folio() uses memdesc\n"), o);
        assertTrue(o.contains("\n  btrfs (fs/btrfs/inode.c) [disabled]: folio.index\n"), o);
        assertTrue(o.contains("\ndisabled users:\n  btrfs: developer preview   (" + good() + ":81:9)\n"), o);
        assertTrue(o.contains("  note: the seeds disagree on the code\n"), o);
    }

    @Test void showListsProblemsOfAStateThatDoesNotBuild(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.yaml");
        Files.writeString(f, SMALL);
        Run r = run("show", "a", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\nproblems:\n  " + f + ":16:16: error: user 'u' does not access page->b here,"
                + " so it cannot be converted\n"), r.out());
    }

    @Test void showUnknownStep() {
        Run r = run("show", "lru-usse", good());
        assertEquals(new Run(2, "", "memdesc: no step 'lru-usse' in " + good() + " (did you mean 'lru-uses'?)\n"), r);
        assertEquals(2, run("show", "9", good()).code());
    }

    @Test void defaultRoadmapIsTheOneHereElseTheBundledOne(@TempDir Path dir) throws IOException {
        Files.copy(Path.of(good()), dir.resolve("roadmap.yaml"));
        Roadmap here = RoadmapArg.load(null, dir);
        assertEquals("roadmap.yaml", here.file(), "named as the user would type it, relative to where memdesc runs");
        Files.delete(dir.resolve("roadmap.yaml"));
        if (RoadmapArg.class.getResource("/roadmap.yaml") != null) {
            assertEquals("(bundled)/roadmap.yaml", RoadmapArg.load(null, dir).file());
        } else {
            InputException e = assertThrows(InputException.class, () -> RoadmapArg.load(null, dir));
            assertEquals("memdesc: error: no /roadmap.yaml in this build of memdesc", e.getMessage());
        }
    }
}
