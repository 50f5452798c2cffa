package memdesc.verify;

import memdesc.build.RepoRoadmap;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's rules, each on a plausible wrong edit of the shipped roadmap (its real YAML text edited, or
 * its steps reordered), which must fail at the step it breaks for the reason it breaks, and on a right
 * edit, which must pass. Only the states around the edited step are verified (the earlier ones are the
 * shipped roadmap's, which check passes), on a 64 MiB machine, with the check's own verifier.
 */
class VerdictStrengthTest extends WrongEditChecks {
    // ---- rule 1: no silent loss of behaviour

    @Test void mlockThatStopsKeepingItsCountNoLongerBuilds() {
        Roadmap r = RepoRoadmap.edited("      - convert: {users: [mlock], from: page.mlock_count, to: folio.mlock_count}\n",
                "      - convert: {users: [mlock], from: page.mlock_count}\n");
        List<Verdict> v = verdicts(r, "baseline", "lru-uses");
        assertTrue(v.get(0).ok(), v.get(0).failure());
        assertFails(v.get(1), "lru-uses", "user 'mlock' no longer builds: it needs the mlock count");
    }

    @Test void aUserThatStopsReadingAWordTheStateStillHasNoLongerBuilds() {
        String at = "      - convert: {users: [mlock], from: page.mlock_count, to: folio.mlock_count}\n";
        Roadmap r = RepoRoadmap.edited(at, at + "      - convert: {users: [buddy], from: page.flags}\n");
        assertFails(verdicts(r, "lru-uses").get(0), "lru-uses",
                "user 'buddy' no longer builds: it needs the bad-page check of the flags at free");
        // the shipped roadmap makes the same convert at shrink-16, whose page has no flags: the regime without them
        State s16 = RepoRoadmap.load().states().get(RepoRoadmap.load().resolve("shrink-16"));
        assertTrue(s16.users().get("buddy").accesses().stream().noneMatch(x -> x.member().toString().equals("page.flags")));
        assertPasses(RepoRoadmap.load(), "shrink-16");
    }

    @Test void largeKmallocThatStopsChargingItsObjcgFailsUnlessTheStepDropsIt() {
        String conv = "      - convert: {users: [kmalloc_large], from: folio.memcg_data, to: page.memcg_data}\n";
        Roadmap silent = RepoRoadmap.edited(conv, "      - convert: {users: [kmalloc_large], from: folio.memcg_data}\n");
        assertFails(verdicts(silent, "kmalloc-large-page").get(0), "kmalloc-large-page",
                "user 'kmalloc_large' no longer builds: it needs the objcg an accounted large kmalloc is charged to");
        Roadmap said = RepoRoadmap.edited(conv, "      - drop: {users: [kmalloc_large], access: folio.memcg_data,"
                + " behaviour: the objcg an accounted large kmalloc is charged to, reason: a test drops it}\n");
        Verdict ok = verdicts(said, "kmalloc-large-page").get(0);
        assertTrue(ok.ok(), ok.failure());
        Step step = said.step("kmalloc-large-page").orElseThrow();
        assertTrue(step.changes().stream().anyMatch(c -> c.kind().equals("drop") && c.describe().contains("a test drops it")));
        State s = said.states().get(said.resolve("kmalloc-large-page"));
        assertEquals("a test drops it", s.dropped("kmalloc_large", "folio.memcg_data").reason());
    }

    @Test void theShippedRoadmapSaysWhereLargeKmallocsObjcgWentAtMemdesc8() {
        Roadmap r = RepoRoadmap.load();
        State s = r.states().get(r.resolve("memdesc-8"));
        assertTrue(s.dropped("kmalloc_large", "page.private") != null, "memdesc-8 drops it explicitly");
        Verdict v = verdicts(r, "memdesc-8").get(0);
        assertTrue(v.ok(), v.failure());
    }

    // ---- rule 6: disable is temporary; skipped scenarios are not passed

    @Test void aUserDisabledForGoodFailsTheLastStateAndSkippedScenariosCountAsNotPassed() {
        String at = "      - helper: {name: compound_head, impl: memdesc}\n";
        Roadmap forever = RepoRoadmap.edited(at, "      - disable: {users: [amdgpu], reason: developer preview}\n" + at);
        List<Verdict> v = verdicts(forever, "shrink-32", "buddy-zone-relative");
        Verdict mid = v.get(0), last = v.get(1);
        assertTrue(mid.ok(), mid.failure());
        assertFalse(mid.skipped().isEmpty());
        assertEquals(mid.scenariosTotal() - mid.skipped().size(), mid.scenariosPassed(), "skipped scenarios are not passed");
        assertFails(last, "buddy-zone-relative", "developer preview never ended: amdgpu disabled since shrink-32");
        assertTrue(last.failureAt().contains(":" + RepoRoadmap.lineOf("      - helper: {name: compound_head, impl: memdesc}", 1)), last.failureAt());
    }

    @Test void aPreviewThatEndsPasses() {
        String at = "      - helper: {name: compound_head, impl: memdesc}\n", at16 = "      - helper: {name: page_zone, impl: pfn}\n";
        String t = RepoRoadmap.text().replace(at, "      - disable: {users: [amdgpu], reason: developer preview}\n" + at)
                .replace(at16, "      - enable: [amdgpu]\n" + at16);
        Roadmap r = memdesc.steps.RoadmapLoader.parse("roadmap.yaml", t.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(r.states().get(r.resolve("shrink-32")).disabled().isEmpty());
        Verdict last = verdicts(r, "buddy-zone-relative").get(0);
        assertTrue(last.ok(), last.failure());
        assertTrue(last.skipped().isEmpty());
    }

    // ---- rule 8: the type-confusion checker runs in check

    @Test void twoFolioCountersInOneUnionAreATypeConfusionAtDynFolio() {
        Roadmap r = RepoRoadmap.edited("                unsigned int _refcount;\n                unsigned int _mapcount;\n",
                "                union {\n                unsigned int _refcount;\n                unsigned int _mapcount;\n                };\n");
        Verdict v = verdicts(r, "dyn-folio").get(0);
        assertFails(v, "dyn-folio", "type confusion");
        assertTrue(v.failure().contains("folio._refcount") && v.failure().contains("folio._mapcount"), v.failure());
    }

    // ---- rule 8: an exception while running a state is that state's verdict

    @Test void anExceptionInTheModelIsTheStatesVerdictNotACrash() {
        Roadmap r = RepoRoadmap.load();
        Verification.ModelRunner throwing = new Verification.ModelRunner() {
            @Override public Verification.Outcome run(Roadmap rm, State s, memdesc.build.BuildCheck.Layouts l, memdesc.memory.Placement m, long seed,
                                                      StateVerifier.Context ctx) {
                int[] none = new int[0];
                return new Verification.Outcome(none[s.index()], 0, List.of(), 0, 0, null);
            }

            @Override public String version() {
                return "throwing";
            }
        };
        Check c = new Check(new Verification(MACHINE, 1, throwing), null, 1);
        Verdict v = c.run(r, List.of(r.states().get(r.resolve("lru-uses"))), x -> {}).verdicts().get(0);
        assertFails(v, "lru-uses", "the checker raised ArrayIndexOutOfBoundsException");
        assertTrue(v.failure().contains(" at "), v.failure());
    }

    // ---- rule 9: declared needs are the model's

    static Roadmap moveBefore(Roadmap repo, String moved, String before) {
        List<Step> steps = new ArrayList<>(repo.steps());
        Step s = steps.remove(repo.resolve(moved) - 1);
        int at = -1;
        for (int i = 0; i < steps.size(); i++) if (steps.get(i).id().equals(before)) at = i;
        steps.add(at, s);
        return Mutations.withSteps(repo, steps);
    }

    @Test void dynFolioBeforeSlabSplitFailsForThePathsReason() {
        Roadmap r = moveBefore(RepoRoadmap.load(), "dyn-folio", "slab-split");
        assertFails(verdicts(r, "dyn-folio").get(0), "dyn-folio", "we currently cast between page, slab and folio");
    }

    @Test void zoneRelativeBuddyPfnsBeforeThePfnDescriptorFail() {
        Roadmap r = moveBefore(RepoRoadmap.load(), "buddy-zone-relative", "buddy-pfn");
        assertFails(verdicts(r, "buddy-zone-relative").get(0), "buddy-zone-relative", "zone-relative PFNs need a buddy descriptor that holds PFNs");
    }
}
