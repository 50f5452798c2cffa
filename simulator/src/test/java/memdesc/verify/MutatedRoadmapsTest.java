package memdesc.verify;

import memdesc.build.RepoRoadmap;
import memdesc.steps.Roadmap;
import memdesc.steps.Step;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broken versions of the repository's roadmap, built by moving, removing or editing its steps: each must
 * fail at the step that is wrong, for the reason that makes it wrong (a diagnostic naming what it lacks,
 * located inside that step's text), and bisect must find the same first bad step as check. The reasons
 * asserted are build reasons, which hold whether or not the memmap model also runs: in every case below
 * but one, the states before the wrong step are the original (good) ones.
 */
class MutatedRoadmapsTest {
    static final long MACHINE = 64L << 20;
    @TempDir static Path cacheDir;
    static Roadmap repo;
    static Check check;

    @BeforeAll static void load() {
        repo = RepoRoadmap.load();
        check = new Check(Verification.standard(MACHINE, 1), new VerdictCache(cacheDir), 2);
    }

    /** A roadmap that must fail first at {@code step} with a diagnostic containing {@code reason}. */
    record Mutant(String name, Roadmap roadmap, String step, String reason) {}

    /** {@code moved} placed immediately before {@code before}. */
    static Roadmap moveBefore(String moved, String before) {
        List<Step> steps = new ArrayList<>(repo.steps());
        Step s = steps.remove(repo.resolve(moved) - 1);
        int at = -1;
        for (int i = 0; i < steps.size(); i++) if (steps.get(i).id().equals(before)) at = i;
        steps.add(at, s);
        return Mutations.withSteps(repo, steps);
    }

    static List<Mutant> mutants() {
        List<Mutant> m = new ArrayList<>();
        // shrink-32 before each step it needs: the reason names what that step had not yet done.
        m.add(new Mutant("shrink-32 before lru-uses", moveBefore("shrink-32", "lru-uses"), "shrink-32",
                "'struct page' has no member named 'lru' (used by mm/swap.c)"));
        m.add(new Mutant("shrink-32 before index-uses", moveBefore("shrink-32", "index-uses"), "shrink-32",
                "'struct page' has no member named 'index' (used by mm/filemap.c)"));
        m.add(new Mutant("shrink-32 before mapping-uses", moveBefore("shrink-32", "mapping-uses"), "shrink-32",
                "'struct page' has no member named 'mapping' (used by mm/filemap.c)"));
        m.add(new Mutant("shrink-32 before folio-page", moveBefore("shrink-32", "folio-page"), "shrink-32",
                "expected sizeof(struct folio) == 80, but it is"));
        m.add(new Mutant("shrink-32 before bump-split", moveBefore("shrink-32", "bump-split"), "shrink-32",
                "'struct page' has no member named 'pp_magic' (used by net/core/page_pool.c)"));
        m.add(new Mutant("shrink-32 before memcg-data", moveBefore("shrink-32", "memcg-data"), "shrink-32",
                "user 'kmalloc_large' does not access page->memcg_data here"));
        m.add(new Mutant("shrink-32 before slab-split", moveBefore("shrink-32", "slab-split"), "shrink-32",
                "user 'slab' does not access page->page_type here"));
        m.add(new Mutant("shrink-32 before dyn-folio", moveBefore("shrink-32", "dyn-folio"), "shrink-32",
                "expected sizeof(struct folio) == 80, but it is"));
        m.add(new Mutant("shrink-32 before dyn-ptdesc", moveBefore("shrink-32", "dyn-ptdesc"), "shrink-32",
                "user 'pgtable' does not access page->page_type here"));
        m.add(new Mutant("shrink-16 before shrink-32", moveBefore("shrink-16", "shrink-32"), "shrink-16",
                "'struct page' has no member named 'compound_head' (used by include/linux/page-flags.h)"));
        m.add(new Mutant("shrink-16 before dyn-zpdesc", moveBefore("shrink-16", "dyn-zpdesc"), "shrink-16",
                "'struct page' has no member named 'compound_head' (used by include/linux/page-flags.h)"));
        m.add(new Mutant("memdesc-8 before buddy-order-flags", moveBefore("memdesc-8", "buddy-order-flags"), "memdesc-8",
                "'struct page' has no member named 'flags' (used by include/linux/mm.h)"));
        m.add(new Mutant("memdesc-8 before drivers-private", moveBefore("memdesc-8", "drivers-private"), "memdesc-8",
                "'struct page' has no member named 'private' (used by drivers/net/ethernet/)"));
        m.add(new Mutant("memdesc-8 before shrink-16", moveBefore("memdesc-8", "shrink-16"), "memdesc-8",
                "'struct page' has no member named 'flags' (used by include/linux/mm.h)"));
        m.add(new Mutant("dyn-folio before folio-page", moveBefore("dyn-folio", "folio-page"), "dyn-folio",
                "'struct folio' has no member named 'page' (used by mm/filemap.c)"));
        m.add(new Mutant("dyn-bump before bump-split", moveBefore("dyn-bump", "bump-split"), "dyn-bump",
                "descriptor 'bump' is struct netmem_desc, which is not defined here"));
        m.add(new Mutant("memdesc code clash", RepoRoadmap.edited("      - set_type: {code: 4, name: buddy}\n",
                "      - set_type: {code: 4, name: slab}\n"), "shrink-32", "memdesc type 4 is 'slab', but a free page's buddy_list.next"));
        m.add(new Mutant("wrong expect size", RepoRoadmap.edited("sizes: {page: 32, folio: 80}", "sizes: {page: 24, folio: 80}"),
                "shrink-32", "expected sizeof(struct page) == 24, but it is 32"));
        m.add(new Mutant("user converted to a member that does not exist yet",
                RepoRoadmap.edited("      - convert: {users: [pagecache], from: page.index}\n",
                        "      - convert: {users: [pagecache], from: page.index}\n      - convert: {users: [core], to: folio.pfn}\n"),
                "index-uses", "'struct folio' has no member named 'pfn' (used by include/linux/page-flags.h)"));
        return m;
    }

    /** Lines [first, next) that a step's text occupies in the roadmap it was loaded from. */
    static int[] span(Roadmap r, String id) {
        int start = r.step(id).orElseThrow().loc().line();
        int end = Integer.MAX_VALUE;
        for (Step s : r.steps()) if (s.loc().line() > start) end = Math.min(end, s.loc().line());
        return new int[] {start, end};
    }

    @Test void atLeastTwelveMutants() {
        assertTrue(mutants().size() >= 12, "mutants: " + mutants().size());
    }

    @TestFactory Stream<DynamicTest> eachMutantFailsAtTheRightStepForTheRightReasonAndBisectAgrees() {
        return mutants().stream().map(mu -> DynamicTest.dynamicTest(mu.name(), () -> {
            Check.Result r = check.run(mu.roadmap(), v -> {});
            Verdict first = r.firstBad().orElseThrow(() -> new AssertionError(mu.name() + ": every state passed"));
            assertEquals(mu.step(), first.stepId(), mu.name() + ": " + first.failure());
            assertEquals(mu.roadmap().resolve(mu.step()), first.index());
            assertFalse(first.builds(), mu.name() + ": the wrong step must not build");
            assertTrue(first.diagnostics().stream().anyMatch(d -> d.message().contains(mu.reason())),
                    mu.name() + ": no diagnostic says '" + mu.reason() + "': " + first.diagnostics());
            // The summary's location lies inside the wrong step's own text.
            assertNotNull(first.failureAt());
            String[] at = first.failureAt().split(":");
            int line = Integer.parseInt(at[at.length - 2]);
            int[] span = span(mu.roadmap(), mu.step());
            assertTrue(line >= span[0] && line < span[1], mu.name() + ": " + first.failureAt() + " is outside lines " + span[0] + "-" + span[1]);
            // Every state before it is good.
            for (Verdict v : r.verdicts().subList(0, first.index())) assertTrue(v.ok(), mu.name() + ": " + v.stepId() + " " + v.failure());

            List<String> log = new ArrayList<>();
            Bisect.Result b = new Bisect(check).run(mu.roadmap(), log::add, false);
            assertTrue(b.found(), mu.name() + ": bisect found nothing: " + b.message());
            assertEquals(first.index(), b.culprit().index(), mu.name() + ": bisect says " + b.culprit().stepId() + "\n" + String.join("\n", log));
            assertEquals(first.failure(), b.culprit().failure());
            assertTrue(b.before().ok() && b.before().index() == first.index() - 1);
            boolean endGood = r.verdicts().get(r.verdicts().size() - 1).ok();
            if (endGood) assertTrue(b.note() != null && b.note().contains("the last state is good"), mu.name() + ": " + b.note());
        }));
    }

    @Test void slabSplitRemovedFailsAtAStepThatNeedsIt() {
        List<Step> steps = new ArrayList<>(repo.steps());
        steps.remove(repo.resolve("slab-split") - 1);
        Roadmap r = Mutations.withSteps(repo, steps);
        Verdict first = check.run(r, v -> {}).firstBad().orElseThrow();
        // Without the split, the slab still overlays page->page_type: the first step that needs the split
        // (declared, directly or through its requires) fails; with the model it may be caught at dyn-folio.
        Step bad = r.step(first.stepId()).orElseThrow();
        assertTrue(Deps.closure(repo, repo.step(bad.id()).orElseThrow()).contains("slab-split"), first.stepId() + " does not need slab-split");
        assertTrue(first.index() <= r.resolve("shrink-32"));
        if (!first.builds())
            assertTrue(first.diagnostics().stream().anyMatch(d -> d.message().contains("user 'slab'")), first.diagnostics().toString());
        Bisect.Result b = new Bisect(check).run(r, s -> {}, false);
        assertEquals(first.index(), b.culprit().index());
    }

    @Test void bisectRepairsAMisplacedShrinkByMovingItAfterWhatItRequires() {
        Roadmap r = moveBefore("shrink-32", "lru-uses");
        List<String> log = new ArrayList<>();
        Bisect.Result b = new Bisect(check).run(r, log::add);
        assertEquals("shrink-32", b.culprit().stepId());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("Bisecting: ")), String.join("\n", log));
        assertNull(b.note(), "binary search alone finds it: the failure persists to the end");
        Bisect.Repair drop = b.repairs().get(0);
        assertEquals("drop it", drop.description());
        assertFalse(drop.works(), "shrink-16 needs shrink-32");
        Bisect.Repair last = b.repairs().get(b.repairs().size() - 1);
        assertTrue(last.works(), b.repairs().toString());
        assertEquals("move it after buddy-order-flags", last.description());
    }

    @Test void bisectRepairsAnEarlyMemdesc8ByMovingItAfterDriversPrivate() {
        Roadmap r = moveBefore("memdesc-8", "drivers-private");
        Bisect.Result b = new Bisect(check).run(r, s -> {});
        assertEquals("memdesc-8", b.culprit().stepId());
        assertTrue(b.repairs().stream().anyMatch(x -> x.works() && x.description().equals("move it after drivers-private")), b.repairs().toString());
    }

    private static void assertNull(Object o, String msg) {
        org.junit.jupiter.api.Assertions.assertNull(o, msg);
    }
}
