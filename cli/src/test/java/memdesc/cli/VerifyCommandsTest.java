package memdesc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * check, bisect, independence, deps, diff and build through the real command line on the repository's
 * roadmap and edited copies of it (small machines; the verdict cache in a temporary directory).
 */
class VerifyCommandsTest {
    @TempDir static Path tmp;
    static Path repo;
    static String text;

    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        String last() {
            List<String> l = lines();
            return l.get(l.size() - 1);
        }
    }

    @BeforeAll static void setUp() throws IOException {
        System.setProperty("memdesc.cache", tmp.resolve("cache").toString());
        repo = Path.of("..", "roadmap.yaml");
        text = Files.readString(repo);
    }

    /** As in a terminal wide enough for any line: these tests read what is said, not how it is wrapped (EveryCommandTest). */
    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Width.with(1000, () -> Main.run(args, new PrintWriter(out), new PrintWriter(err)));
        return new Run(code, out.toString(), err.toString());
    }

    static Path edited(String name, String from, String to) throws IOException {
        assertTrue(text.contains(from), from);
        Path p = tmp.resolve(name);
        Files.writeString(p, text.replace(from, to));
        return p;
    }

    /** The number of the line holding {@code needle} in {@code p}. */
    static int lineOf(Path p, String needle) throws IOException {
        List<String> lines = Files.readAllLines(p);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(needle)) return i + 1;
        throw new AssertionError(needle);
    }

    @Test void checkOnTheRepositoryRoadmapSaysBisectable() {
        Run r = run("check", repo.toString(), "--machine", "64MiB");
        assertEquals(0, r.code(), r.out() + r.err());
        int states = memdesc.steps.RoadmapLoader.load(repo).steps().size() + 1;
        assertEquals("bisectable: yes (" + states + "/" + states + " states build and pass)", r.last());
        // one row per state, in order, numbered from the baseline; no escape codes when not a terminal
        List<String> rows = r.lines().stream().filter(l -> l.matches("^\\s*\\d+  \\S.*")).toList();
        assertEquals(states, rows.size(), r.out());
        for (int i = 0; i < rows.size(); i++) assertTrue(rows.get(i).trim().startsWith(i + "  "), rows.get(i));
        assertTrue(rows.get(0).contains("baseline"));
        assertTrue(!r.out().contains("\u001b") && !r.out().contains("\r") && r.err().isEmpty(), r.err());
        // a second run comes from the cache and says so
        Run again = run("check", repo.toString(), "--machine", "64MiB");
        assertEquals(0, again.code());
        assertTrue(again.lines().stream().filter(l -> l.endsWith("cached")).count() == states, again.out());
        Run fresh = run("check", repo.toString(), "--machine", "64MiB", "--no-cache", "--jobs", "1");
        assertTrue(fresh.lines().stream().noneMatch(l -> l.endsWith("cached")), fresh.out());
    }

    @Test void checkOnABrokenRoadmapNamesTheFirstBadStepAndWhere() throws IOException {
        Path p = edited("wrong-expect.yaml", "sizes: {page: 32, folio: 80}", "sizes: {page: 24, folio: 80}");
        Run r = run("check", p.toString(), "--machine", "64MiB", "--jobs", "2");
        assertEquals(1, r.code(), r.out() + r.err());
        int line = lineOf(p, "sizes: {page: 24, folio: 80}");
        Matcher m = Pattern.compile("^bisectable: no: first bad step (\\d+) shrink-32: does not build: expected sizeof\\(struct page\\) == 24, but it is 32 \\((.*):(\\d+):(\\d+)\\)$")
                .matcher(r.last());
        assertTrue(m.matches(), r.last());
        assertEquals(p.toString(), m.group(2));
        assertEquals(line, Integer.parseInt(m.group(3)));
        assertEquals(Files.readAllLines(p).get(line - 1).indexOf("page: 24") + 1, Integer.parseInt(m.group(4)));
    }

    @Test void checkJsonCarriesEveryField() throws IOException {
        Path p = edited("clash.yaml", "      - set_type: {code: 4, name: buddy}\n", "      - set_type: {code: 4, name: slab}\n");
        Run r = run("check", p.toString(), "--machine", "64MiB", "--format", "json");
        assertEquals(1, r.code());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(64L << 20, doc.get("machineBytes").asLong());
        assertTrue(!doc.get("bisectable").asBoolean());
        JsonNode first = doc.get("firstBad");
        assertEquals("shrink-32", first.get("stepId").asText());
        for (String f : List.of("index", "stateHash", "structPageBytes", "memmapPercent", "descriptorBytes", "builds", "diagnostics",
                "scenariosPassed", "scenariosTotal", "skipped", "ok", "failure", "failureAt", "millis", "cached"))
            assertTrue(first.has(f), f);
        assertTrue(first.get("failure").asText().contains("memdesc type 4 is 'slab'"), first.toString());
        assertEquals(doc.get("total").asInt(), doc.get("states").size());
        assertTrue(doc.get("summary").asText().startsWith("bisectable: no: first bad step " + first.get("index").asInt() + " shrink-32: "));
    }

    @Test void badInputExitsTwoWithOneLine() {
        Run missing = run("check", tmp.resolve("nope.yaml").toString());
        assertEquals(2, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
        Run size = run("check", repo.toString(), "--machine", "lots");
        assertEquals(2, size.code());
        assertTrue(size.err().contains("bad machine size 'lots'"), size.err());
        Run jobs = run("check", repo.toString(), "--jobs", "0");
        assertEquals(2, jobs.code());
        Run step = run("deps", "shrink-33", repo.toString());
        assertEquals(2, step.code());
        assertTrue(step.err().contains("did you mean") || step.err().contains("shrink-32"), step.err());
    }

    @Test void bisectFindsTheSameStepAsCheckAndTheRepair() throws IOException {
        // shrink-16 placed before shrink-32: its state fails, the next step's state is good again, so the
        // end is good and bisect verifies in order, and says so. (Its declared requires would make the
        // loader reject the order outright; the developer here forgot them.)
        String s16 = text.substring(text.indexOf("  - id: shrink-16"), text.indexOf("  # ---------------------------------------------------------------- drivers"));
        String moved = text.replace(s16, "");
        moved = moved.replace("  - id: shrink-32\n", s16.replace("    requires: [shrink-32]\n", "") + "  - id: shrink-32\n");
        Path p = tmp.resolve("early16.yaml");
        Files.writeString(p, moved);
        Run c = run("check", p.toString(), "--machine", "64MiB");
        assertEquals(1, c.code(), c.out() + c.err());
        assertTrue(c.last().startsWith("bisectable: no: first bad step 17 shrink-16: "), c.last());
        Run b = run("bisect", p.toString(), "--machine", "64MiB");
        assertEquals(1, b.code(), b.out() + b.err());
        assertTrue(b.out().contains("shrink-16 is the first bad step\n"), b.out());
        assertTrue(b.out().contains("note: found by verifying every state in order"), b.out());
        assertTrue(b.out().contains("(the step before): builds and passes"), b.out());
        assertTrue(b.out().contains("repair: move it after shrink-32\n"), b.out());

        // shrink-32 first: the failure persists to the end, so a plain binary search, git style
        String s32 = text.substring(text.indexOf("  - id: shrink-32"), text.indexOf("  # ---------------------------------------------------------------- 16 bytes"));
        Path w = tmp.resolve("early32.yaml");
        String s32free = s32.replaceFirst("    requires: \\[[^\\]]*\\]\n", "");
        assertTrue(s32free.length() < s32.length());
        Files.writeString(w, text.replace(s32, "").replace("  - id: lru-uses\n", s32free + "  - id: lru-uses\n"));
        Run wc = run("check", w.toString(), "--machine", "64MiB");
        assertTrue(wc.last().startsWith("bisectable: no: first bad step 2 shrink-32: "), wc.last());
        Run wb = run("bisect", w.toString(), "--machine", "64MiB");
        assertEquals(1, wb.code());
        assertTrue(wb.out().contains("Bisecting: "), wb.out());
        assertTrue(wb.out().contains("shrink-32 is the first bad step\n"), wb.out());
        assertTrue(!wb.out().contains("note:"), wb.out());
        // without its requires, bisect tries the steps its failure names first, then the rest in order:
        // the original position (after buddy-order-flags) works, so some move does
        assertTrue(wb.out().contains("  move it after lru-uses: does not work"), wb.out());
        assertTrue(wb.out().lines().anyMatch(l -> l.startsWith("repair: move it after ")), wb.out());
        Run good = run("bisect", repo.toString(), "--machine", "64MiB");
        assertEquals(0, good.code());
        assertTrue(good.last().contains("nothing to bisect"), good.out());
    }

    @Test void depsOfShrink32NamesTheRemovals() {
        Run r = run("deps", "shrink-32", repo.toString(), "--machine", "64MiB");
        String needs = r.lines().stream().filter(l -> l.startsWith("  needs (inferred, minimal): ")).findFirst().orElseThrow();
        for (String id : List.of("lru-uses", "index-uses", "mapping-uses", "bump-split"))
            assertTrue(needs.contains(id), needs);
        assertTrue(r.out().contains("  needed but not declared: (none)"), r.out());
        assertTrue(r.code() == 0 || r.out().contains("declared but not needed: ") && !r.out().contains("declared but not needed: (none)"));
    }

    @Test void diffSaysWhatChangedAndEachVerdict() throws IOException {
        Path p = edited("diff-new.yaml", "sizes: {page: 32, folio: 80}", "sizes: {page: 24, folio: 80}");
        Run r = run("diff", repo.toString(), p.toString(), "--machine", "64MiB");
        assertEquals(1, r.code(), r.out() + r.err());
        List<String> changed = r.lines().stream().filter(l -> l.trim().startsWith("changed ")).toList();
        assertEquals(1, changed.size(), r.out());
        assertTrue(changed.get(0).contains("shrink-32") && changed.get(0).matches(".*  [0-9a-f]{12}\\.\\.[0-9a-f]{12}"), changed.get(0));
        assertTrue(r.out().contains("old: bisectable: yes ("), r.out());
        assertTrue(r.out().contains("new: bisectable: no: first bad step"), r.out());
    }

    /** What changed inside a step, line by line: a need dropped, evidence added and removed, a rewrite that changes nothing. */
    @Test void stepDiffSaysWhatChangedInsideAStep() throws IOException {
        memdesc.steps.Roadmap old = memdesc.steps.RoadmapLoader.load(repo, "roadmap.yaml");
        String evidence = "      - struct: {name: zpdesc, in: mm/zpdesc.h}\n      - overlays: zpdesc\n";
        assertTrue(text.contains(evidence), "the shipped zpdesc-overlay's evidence changed");
        Path p = edited("evidence.yaml", evidence, "      - struct: {name: zpdesc, in: mm/zpdesc.h}\n      - absent: page.zpdesc_magic\n");
        memdesc.steps.Roadmap now = memdesc.steps.RoadmapLoader.load(p, "evidence.yaml");
        assertEquals(List.of("- evidence: struct zpdesc overlays struct page", "+ evidence: page.zpdesc_magic is absent"),
                StepDiff.of(old.step("zpdesc-overlay").orElseThrow(), now.step("zpdesc-overlay").orElseThrow()));
        Path q = edited("quoted.yaml", evidence, "      - struct: {name: \"zpdesc\", in: mm/zpdesc.h}\n      - overlays: zpdesc\n");
        memdesc.steps.Roadmap quoted = memdesc.steps.RoadmapLoader.load(q, "quoted.yaml");
        List<String> same = StepDiff.of(old.step("zpdesc-overlay").orElseThrow(), quoted.step("zpdesc-overlay").orElseThrow());
        assertTrue(same.isEmpty() || same.equals(List.of("keys and changes the same, written differently (order, quoting, values the summary leaves out)")), same.toString());
    }

    @Test void independenceOfTheImmediateProjects() {
        Run r = run("independence", repo.toString(), "--machine", "64MiB");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("phase immediate: 8 steps"), r.out());
        assertTrue(r.out().contains("  255 subsets, "), r.out());
        assertTrue(r.out().contains("independent: yes"), r.out());
        Run bad = run("independence", repo.toString(), "--phase", "nosuch");
        assertEquals(2, bad.code());
    }

    @Test void buildWithGccAgreesWithTheEngine() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(memdesc.cc.GccBackend.compilerPresent(), "no C compiler");
        Path keep = tmp.resolve("c");
        Run r = run("build", "shrink-32", "--roadmap", repo.toString(), "--cc", "gcc", "--keep", keep.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s*17  shrink-32\\s+32  ok\\s+ok")), r.out());
        assertTrue(Files.exists(keep.resolve("17-shrink-32/include/linux/mm_types.h")));
        Path clash = edited("clash-b.yaml", "      - set_type: {code: 4, name: buddy}\n", "      - set_type: {code: 4, name: slab}\n");
        Run b = run("build", "shrink-32", "--roadmap", clash.toString(), "--cc", "gcc");
        assertEquals(1, b.code(), b.out());
        assertTrue(b.out().lines().anyMatch(l -> l.matches("\\s*17  shrink-32\\s+32  FAIL\\s+FAIL")), b.out());
        assertTrue(!b.out().contains("DIFFER"), b.out());
    }
}
