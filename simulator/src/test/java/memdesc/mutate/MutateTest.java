package memdesc.mutate;

import memdesc.build.RepoRoadmap;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.Step;
import memdesc.verify.VerdictCache;
import memdesc.verify.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * memdesc mutate on a two-step roadmap whose score is worked out by hand (checked by the build check
 * alone, so the figures depend on the build check's rules and not on the model's scenarios), and the
 * operators' edits on the shipped roadmap (generated, not checked: cheap).
 */
class MutateTest {
    static final String TINY = "tiny.yaml";
    @TempDir Path cacheDir;

    static String tiny() {
        try (InputStream in = MutateTest.class.getResourceAsStream("/mutate/tiny.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Mutate.Options opts(long seed, int max, String... ops) {
        return new Mutate.Options(seed, max, 2, false, Set.of(ops));
    }

    static List<Mutate.Planned> plan(String text, Mutate.Options o) {
        return Mutate.plan(TINY, text, o);
    }

    static Mutate.Planned only(List<Mutate.Planned> ps, String description) {
        List<Mutate.Planned> m = ps.stream().filter(p -> p.description().equals(description)).toList();
        assertEquals(1, m.size(), description + " in " + ps.stream().map(Mutate.Planned::description).toList());
        return m.get(0);
    }

    /** The text with {@code from} replaced by {@code to}, which must occur once. */
    static String edit(String text, String from, String to) {
        int i = text.indexOf(from);
        assertTrue(i >= 0 && text.indexOf(from, i + 1) < 0, "not exactly once: " + from);
        return text.substring(0, i) + to + text.substring(i + from.length());
    }

    // ------------------------------------------------------------------ the operators' roadmaps

    @Test void eachOperatorWritesTheRoadmapItSays() {
        String t = tiny();
        List<Mutate.Planned> ps = plan(t, opts(1, 0));
        assertEquals(edit(t, "      - remove: page.lru\n", ""), only(ps, "delete 'remove': remove page->lru").text());
        assertEquals(edit(t, "      - convert: {users: [lru], from: page.lru, to: desc.lru}\n", ""),
                only(ps, "lru is no longer converted (page->lru -> desc->lru)").text());
        assertEquals(edit(t, "            \tunsigned int count;\n            \tunsigned int refs;\n",
                        "            \tunsigned int refs;\n            \tunsigned int count;\n"),
                only(ps, "swap desc.count and desc.refs").text());
        assertEquals(edit(t, "            \tunsigned int count;\n            \tunsigned int refs;\n",
                        "            \tunion {\n            \tunsigned int count;\n            \tunsigned int refs;\n            \t};\n"),
                only(ps, "put desc.count and desc.refs in one union").text());
        // the moved step goes before what it requires, without the requires it would now break
        Mutate.Planned move = only(ps, "move shrink before add-desc (which it requires)");
        Roadmap moved = RoadmapLoader.parse(TINY, move.text().getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("shrink", "add-desc"), moved.steps().stream().map(Step::id).toList());
        assertEquals(List.of(), moved.steps().get(0).requiredIds());
        assertEquals(List.of("shrink"), move.window());
        // a removed step goes from every requires too
        Roadmap removed = RoadmapLoader.parse(TINY, only(ps, "delete step add-desc").text().getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("shrink"), removed.steps().stream().map(Step::id).toList());
        assertEquals(List.of(), removed.steps().get(0).requiredIds());
        // a disable at the end of the step's changes, never undone; it must show at the last step
        Mutate.Planned dis = only(ps, "disable drv at shrink, never enabled again");
        assertEquals(edit(t, "      - convert: {users: [drv], from: page.private}\n",
                "      - convert: {users: [drv], from: page.private}\n      - disable: {users: [drv], reason: mutant}\n"), dis.text());
        assertEquals(List.of("shrink"), dis.window());
    }

    /** The text-level moves and removals fold to the same states as the roadmap-level edits bisect and deps use. */
    @Test void movesAndRemovalsAgreeWithTheRoadmapLevelMutations() {
        Roadmap repo = RepoRoadmap.load();
        List<Mutate.Planned> ps = Mutate.plan("roadmap.yaml", RepoRoadmap.text(), opts(1, 0, "move-before-need", "remove-step"));
        assertEquals(repo.steps().stream().mapToInt(x -> x.requires().size()).sum() + repo.steps().size(), ps.size(),
                "one move per declared requires, one removal per step");
        for (Mutate.Planned p : ps) {
            Roadmap m;
            try {
                m = RoadmapLoader.parse("roadmap.yaml", p.text().getBytes(StandardCharsets.UTF_8));
            } catch (InputException e) {
                assertTrue(p.operator().equals("remove-step"), p.description() + ": " + e.getMessage());
                continue; // a step others' text names (bump-split defines netmem_desc)
            }
            List<Step> steps = new java.util.ArrayList<>(repo.steps());
            Step x = repo.step(p.step()).orElseThrow();
            steps.remove(x);
            if (p.operator().equals("move-before-need")) {
                String before = p.description().replaceFirst("^move \\S+ before (\\S+) .*", "$1");
                steps.add(steps.indexOf(repo.step(before).orElseThrow()), x);
            }
            Roadmap expected = memdesc.verify.Mutations.withSteps(repo, steps);
            assertEquals(expected.steps().stream().map(Step::id).toList(), m.steps().stream().map(Step::id).toList(), p.description());
            assertEquals(expected.states().stream().map(memdesc.steps.State::contentHash).toList(),
                    m.states().stream().map(memdesc.steps.State::contentHash).toList(), p.description());
        }
    }

    @Test void typeCodeAndPfnOperatorsOnTheShippedRoadmap() {
        String t = RepoRoadmap.text();
        List<Mutate.Planned> ps = Mutate.plan("roadmap.yaml", t, opts(1, 0, "type-aliases-buddy", "type-shared-code", "narrow-pfn"));
        Roadmap original = RepoRoadmap.load();
        int shrink32 = original.resolve("shrink-32");
        for (Mutate.Planned p : ps) {
            Roadmap m = RoadmapLoader.parse("roadmap.yaml", p.text().getBytes(StandardCharsets.UTF_8));
            var before = original.states().get(original.resolve(p.step())).memdescTypes();
            var after = m.states().get(m.resolve(p.step())).memdescTypes();
            switch (p.operator()) {
                case "type-aliases-buddy" -> {
                    assertEquals(shrink32, original.resolve(p.step()), "aliases are Buddy's only while its list overlays memdesc");
                    String kind = p.description().substring(0, p.description().indexOf(' '));
                    int code = after.values().stream().filter(x -> x.name().equals(kind)).findFirst().orElseThrow().code();
                    assertTrue(Set.of(0, 4, 8, 12).contains(code), p.description());
                }
                case "type-shared-code" -> {
                    // one kind fewer has a code of its own: the table names one kind per code
                    Set<String> kinds = before.values().stream().map(x -> x.name()).collect(Collectors.toSet());
                    Set<String> now = after.values().stream().map(x -> x.name()).collect(Collectors.toSet());
                    assertEquals(kinds.size() - 1, now.size(), p.description());
                }
                case "narrow-pfn" -> {
                    Matcher nm = Pattern.compile("narrow \\w+\\.(\\w+) from (\\d+) to (\\d+) bits").matcher(p.description());
                    if (nm.matches()) assertEquals(Integer.parseInt(nm.group(2)) - 1, Integer.parseInt(nm.group(3)), p.description());
                    else assertTrue(p.description().matches("narrow \\w+\\.\\w*pfn\\w* from (unsigned long|u64|unsigned long long) to unsigned int"), p.description());
                    assertEquals(1, diffLines(RepoRoadmap.text(), p.text()), p.description());
                }
                default -> throw new AssertionError(p.operator());
            }
        }
        // the 8-byte buddy descriptor's two 29-bit PFNs and the folio's pfn, while the roadmap has them
        assertTrue(ps.stream().filter(p -> p.operator().equals("narrow-pfn")).count() >= 3);
        assertTrue(ps.stream().filter(p -> p.operator().equals("type-aliases-buddy")).count() >= 10);
    }

    @Test void aDroppedConvertMustShowByTheStepThatReliesOnIt() {
        List<Mutate.Planned> ps = Mutate.plan("roadmap.yaml", RepoRoadmap.text(), opts(1, 0, "drop-convert"));
        // mlock on page->flags is folio->flags while the folio overlays its head page: wrong from
        // lru-uses on, and at the latest where struct page loses flags (shrink-16).
        Mutate.Planned mlock = only(ps, "mlock is no longer converted (page->flags -> folio->flags)");
        assertEquals("lru-uses", mlock.window().get(0));
        assertEquals("shrink-16", mlock.window().get(mlock.window().size() - 1));
        // a convert followed by the remove of what it converts from shows at once, and the first step that
        // requires lru-uses builds on it: it must show by dyn-folio
        Mutate.Planned lru = only(ps, "mlock is no longer converted (page->mlock_count -> folio->mlock_count)");
        assertEquals("lru-uses", lru.window().get(0));
        assertEquals("dyn-folio", lru.window().get(lru.window().size() - 1));
    }

    @Test void everyMutantOfTheShippedRoadmapIsDistinctAndAllButAFewLoad() {
        String t = RepoRoadmap.text();
        List<Mutate.Planned> ps = Mutate.plan("roadmap.yaml", t, opts(1, 0));
        assertTrue(ps.size() > 250, "mutants: " + ps.size());
        assertEquals(ps.size(), ps.stream().map(Mutate.Planned::text).distinct().count());
        assertTrue(ps.stream().noneMatch(p -> p.text().equals(t)), "every mutant changes the text");
        Map<String, Long> perOp = ps.stream().collect(Collectors.groupingBy(Mutate.Planned::operator, LinkedHashMap::new, Collectors.counting()));
        assertEquals(new HashSet<>(Mutate.operatorNames()), perOp.keySet(), "every operator applies to the shipped roadmap");
        int invalid = 0;
        List<Mutate.Planned> sample = Mutate.plan("roadmap.yaml", t, opts(1, 66)); // loading all of them takes a while
        for (Mutate.Planned p : sample) {
            try {
                RoadmapLoader.parse("roadmap.yaml", p.text().getBytes(StandardCharsets.UTF_8));
            } catch (InputException e) {
                invalid++;
            }
        }
        assertTrue(invalid <= sample.size() / 20, invalid + " of " + sample.size() + " do not load");
    }

    /** Lines that differ between two texts of the same length in lines. */
    static int diffLines(String a, String b) {
        String[] x = a.split("\n", -1), y = b.split("\n", -1);
        assertEquals(x.length, y.length);
        int n = 0;
        for (int i = 0; i < x.length; i++) if (!x[i].equals(y[i])) n++;
        return n;
    }

    // ------------------------------------------------------------------ determinism and the sample

    @Test void theSameSeedWritesTheSameMutantsAndMaxSamplesEveryOperator() {
        String t = RepoRoadmap.text();
        List<Mutate.Planned> a = Mutate.plan("roadmap.yaml", t, opts(7, 0));
        List<Mutate.Planned> b = Mutate.plan("roadmap.yaml", t, opts(7, 0));
        assertEquals(a, b);
        List<Mutate.Planned> other = Mutate.plan("roadmap.yaml", t, opts(8, 0));
        assertNotEquals(a.stream().map(Mutate.Planned::text).toList(), other.stream().map(Mutate.Planned::text).toList(),
                "the seed chooses where a user is disabled");
        List<Mutate.Planned> s1 = Mutate.plan("roadmap.yaml", t, opts(7, 22));
        assertEquals(s1, Mutate.plan("roadmap.yaml", t, opts(7, 22)));
        assertEquals(22, s1.size());
        assertEquals(new HashSet<>(Mutate.operatorNames()), s1.stream().map(Mutate.Planned::operator).collect(Collectors.toSet()));
        Set<String> all = a.stream().map(Mutate.Planned::text).collect(Collectors.toSet());
        assertTrue(s1.stream().allMatch(p -> all.contains(p.text())), "a sample is a subset of the whole");
        assertNotEquals(s1.stream().map(Mutate.Planned::text).toList(),
                Mutate.plan("roadmap.yaml", t, opts(9, 22)).stream().map(Mutate.Planned::text).toList());
        assertThrows(InputException.class, () -> Mutate.plan("roadmap.yaml", t, opts(7, 0, "drop-everything")));
    }

    // ------------------------------------------------------------------ the score, worked out by hand

    /**
     * The tiny roadmap under the build check alone. By hand:
     * <pre>
     * drop-change   define desc        invalid (the convert names a struct nobody defines)
     *               remove page.lru    survives, equivalent (nobody accesses page->lru from add-desc on)
     *               define page        killed at shrink (expected sizeof(struct page) == 16)
     * drop-convert  lru                killed at add-desc (page->lru is removed there)
     *               drv                survives: a gap (page->private is still there; nothing says drv must stop)
     * swap-members  page flags,lru     survives at the baseline: a gap (struct page overlays the memmap)
     *               page lru,private   survives at the baseline: a gap
     *               desc flags,lru     survives, equivalent (desc overlays nothing: the order is not observable)
     *               desc lru,count     killed at add-desc (size 40, not 32)
     *               desc count,refs    survives, equivalent (likewise)
     *               page flags,private survives at shrink: a gap
     * move          shrink first       killed at shrink (lru still uses page->lru, which it no longer has)
     * remove-step   add-desc           killed at shrink (which requires it)
     *               shrink             survives, equivalent (no step requires it)
     * </pre>
     * 14 mutants, 1 invalid, 4 equivalent: 5 killed of 9 scored, 55.6%.
     */
    @Test void theScoreOfTheTinyRoadmapIsTheOneWorkedOutByHand() {
        String t = tiny();
        var cache = new VerdictCache(cacheDir);
        Mutate.Report r = Mutate.run(TINY, t, opts(1, 0, "drop-change", "drop-convert", "swap-members", "move-before-need", "remove-step"),
                new Verification(Verification.DEFAULT_MACHINE, 1, null), cache, new Mutate.Listener() {});
        assertEquals(null, r.originalFailure());
        Map<String, Mutate.Fate> fate = new LinkedHashMap<>();
        Map<String, Boolean> eq = new LinkedHashMap<>();
        for (Mutate.Result x : r.results()) {
            fate.put(x.description(), x.fate());
            eq.put(x.description(), x.equivalent());
        }
        assertEquals(14, r.results().size(), fate.toString());
        assertEquals(Mutate.Fate.INVALID, fate.get("delete 'define': define struct desc"));
        assertEquals(Mutate.Fate.SURVIVED, fate.get("delete 'remove': remove page->lru"));
        assertTrue(eq.get("delete 'remove': remove page->lru"));
        assertEquals(Mutate.Fate.KILLED, fate.get("delete 'define': define struct page"));
        assertEquals(Mutate.Fate.KILLED, fate.get("lru is no longer converted (page->lru -> desc->lru)"));
        assertEquals(Mutate.Fate.SURVIVED, fate.get("drv is no longer converted (stop using page->private)"));
        assertFalse(eq.get("drv is no longer converted (stop using page->private)"));
        for (String gap : List.of("swap page.flags and page.lru", "swap page.lru and page.private", "swap page.flags and page.private")) {
            assertEquals(Mutate.Fate.SURVIVED, fate.get(gap), gap);
            assertFalse(eq.get(gap), gap);
        }
        assertEquals(Mutate.Fate.KILLED, fate.get("swap desc.lru and desc.count"));
        assertTrue(eq.get("swap desc.count and desc.refs"));
        assertTrue(eq.get("swap desc.flags and desc.lru"));
        assertEquals(Mutate.Fate.KILLED, fate.get("move shrink before add-desc (which it requires)"));
        assertEquals(Mutate.Fate.KILLED, fate.get("delete step add-desc"));
        assertTrue(eq.get("delete step shrink"));
        assertEquals(1, r.invalid());
        assertEquals(4, r.equivalent());
        assertEquals(9, r.scored());
        assertEquals(5, r.killed());
        assertEquals(100.0 * 5 / 9, r.score(), 1e-9);
        // a survivor is shown as a diff of the roadmap
        Mutate.Result drv = r.results().stream().filter(x -> x.description().startsWith("drv")).findFirst().orElseThrow();
        assertTrue(drv.diff().startsWith("--- a/tiny.yaml\n+++ b/tiny.yaml (mutant " + drv.id() + ")\n@@ -"), drv.diff());
        assertTrue(drv.diff().contains("\n-      - convert: {users: [drv], from: page.private}\n"), drv.diff());
        // the same run again gives the same results (from the cache, in the same order)
        Mutate.Report again = Mutate.run(TINY, t, opts(1, 0, "drop-change", "drop-convert", "swap-members", "move-before-need", "remove-step"),
                new Verification(Verification.DEFAULT_MACHINE, 1, null), cache, new Mutate.Listener() {});
        assertEquals(r.results().stream().map(x -> x.id() + x.fate().name() + x.failedAt() + x.why()).toList(),
                again.results().stream().map(x -> x.id() + x.fate().name() + x.failedAt() + x.why()).toList());
        // and the score is kept for reports, for exactly this text
        Mutate.remember(cache, t, r, Verification.DEFAULT_MACHINE);
        assertEquals(100.0 * 5 / 9, Mutate.remembered(cache, t).orElseThrow().score(), 1e-9);
        assertTrue(Mutate.remembered(cache, t + "\n").isEmpty());
    }

    /** A page of two words and a descriptor of a pad, a word, two bit-fields of one word and a PFN. */
    static String equiv(String memory) {
        return """
                name: equiv
                phases:
                  - id: p
                    title: The only phase
                baseline:
                  title: a page of two words
                  source: {seed: s.txt, section: s}
                  structs:
                    page: |
                      struct page {
                      \tunsigned long flags;
                      \tunsigned long private;
                      };
                  users:
                    drv:
                      file: drivers/x.c
                      title: a driver
                      accesses: [page.private]
                steps:
                  - id: add-desc
                    title: A descriptor the driver keeps its state in
                    phase: p
                    source: {seed: s.txt, section: s}
                    changes:
                      - define:
                          struct: desc
                          c: |
                            struct desc {
                            \tunsigned long _pad;
                            \tunsigned long x;
                            \tunsigned int a:16;
                            \tunsigned int b:16;
                            \tunsigned long pfn;
                            };
                      - convert: {users: [drv], to: desc.x}
                      - convert: {users: [drv], to: desc.a}
                      - convert: {users: [drv], to: desc.b}
                      - convert: {users: [drv], to: desc.pfn}
                machine: {memory: MEM, nodes: 1}
                unmodelled:
                  page.flags: nothing reads it here
                  desc._pad: padding in front of x
                """.replace("MEM", memory);
    }

    @Test void padsBitFieldsOfOneWordAndPfnsTheClaimCoversAreEquivalent() {
        Mutate.Report r = Mutate.run("equiv.yaml", equiv("1TiB"), opts(1, 0, "swap-members", "union-members", "narrow-pfn"),
                new Verification(Verification.DEFAULT_MACHINE, 1, null), new VerdictCache(cacheDir), new Mutate.Listener() {});
        assertEquals(null, r.originalFailure());
        Map<String, Mutate.Result> by = new LinkedHashMap<>();
        for (Mutate.Result x : r.results()) by.put(x.description(), x);
        Mutate.Result bits = by.get("swap desc.a and desc.b");
        assertTrue(bits.equivalent() && bits.why().contains("bit-fields of one 4-byte word"), bits.why());
        Mutate.Result padSwap = by.get("swap desc._pad and desc.x"), padUnion = by.get("put desc._pad and desc.x in one union");
        assertTrue(padSwap.equivalent() && padSwap.why().contains("desc._pad is padding (unmodelled: padding in front of x)"), padSwap.why());
        assertTrue(padUnion.equivalent() && padUnion.why().contains("desc._pad is padding"), padUnion.why());
        // two members that hold something, in one union, are no pad: a gap for the build check alone
        Mutate.Result live = by.get("put desc.x and desc.a in one union");
        assertEquals(Mutate.Fate.SURVIVED, live.fate());
        assertFalse(live.equivalent());
        // struct page's members are never equivalent, whatever their names
        assertFalse(by.get("swap page.flags and page.private").equivalent());
        Mutate.Result pfn = by.get("narrow desc.pfn from unsigned long to unsigned int");
        assertTrue(pfn.equivalent() && pfn.why().contains("with 32 bits desc.pfn still describes 4294967295 frames, more than the 268435456"),
                pfn.why());
        // a claim the narrowed field cannot describe leaves the survivor a gap
        Mutate.Report big = Mutate.run("equiv.yaml", equiv("32TiB"), opts(1, 0, "narrow-pfn"),
                new Verification(Verification.DEFAULT_MACHINE, 1, null), new VerdictCache(cacheDir), new Mutate.Listener() {});
        Mutate.Result gap = big.results().get(0);
        assertEquals("narrow desc.pfn from unsigned long to unsigned int", gap.description());
        assertFalse(gap.equivalent(), gap.why());
    }

    @Test void followChecksASurvivorPastItsWindow() {
        var v = new Verification(Verification.DEFAULT_MACHINE, 1, null);
        Mutate.Report stop = Mutate.run(TINY, tiny(), opts(1, 0, "swap-members"), v, null, new Mutate.Listener() {});
        Mutate.Report follow = Mutate.run(TINY, tiny(), new Mutate.Options(1, 0, 2, true, Set.of("swap-members")), v, null,
                new Mutate.Listener() {});
        Mutate.Result a = stop.results().stream().filter(x -> x.description().equals("swap page.flags and page.lru")).findFirst().orElseThrow();
        Mutate.Result b = follow.results().stream().filter(x -> x.description().equals("swap page.flags and page.lru")).findFirst().orElseThrow();
        assertEquals(1, a.statesVerified(), "a baseline edit must fail at the baseline: no need to look further");
        assertEquals(3, b.statesVerified(), "--follow: every state");
        assertEquals(a.fate(), b.fate());
    }

    @Test void aRoadmapThatFailsItselfIsNotMutated() {
        String bad = edit(tiny(), "sizes: {page: 16}", "sizes: {page: 24}");
        Mutate.Report r = Mutate.run(TINY, bad, opts(1, 0), new Verification(Verification.DEFAULT_MACHINE, 1, null), null,
                new Mutate.Listener() {});
        assertNotNull(r.originalFailure());
        assertEquals("shrink", r.originalFailure().stepId());
        assertEquals(List.of(), r.results());
    }

    @Test void unifiedDiffAsDiffPrintsIt() {
        List<String> a = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
        List<String> b = List.of("1", "2", "3", "4", "X", "6", "7", "8", "9", "10", "11", "12", "13");
        assertEquals("--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n@@ -10,3 +10,4 @@\n 10\n 11\n 12\n+13\n",
                UnifiedDiff.diff("a", "b", a, b));
        assertEquals("", UnifiedDiff.diff("a", "b", a, a));
    }
}
