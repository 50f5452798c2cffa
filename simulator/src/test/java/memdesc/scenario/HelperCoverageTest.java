package memdesc.scenario;

import memdesc.model.Coverage;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14 point 4: every helper on every kind of page in every regime, the regime's outcomes asserted,
 * and a state whose declared access or selected helper no scenario exercises does not pass.
 */
class HelperCoverageTest {
    static final long MACHINE = 64L << 20;

    static Roadmap edited(String from, String to) throws java.io.IOException {
        String t = Files.readString(Path.of("..", "roadmap.yaml"));
        assertTrue(t.contains(from), from);
        return RoadmapLoader.parse("roadmap.yaml", t.replace(from, to).getBytes(StandardCharsets.UTF_8));
    }

    static State state(Roadmap r, String id) {
        return r.states().get(r.resolve(id));
    }

    @Test void everyHelperMeetsEveryKindOfPageInTheBaselineAndAfterTheShrink() {
        Roadmap r = RoadmapLoader.load(Path.of("../roadmap.yaml"));
        for (String id : List.of("baseline", "shrink-32", "memdesc-8")) {
            RunResult[] got = new RunResult[1];
            Coverage c = Coverage.collect(() -> got[0] = Scenarios.run(state(r, id), MACHINE, 1, List.of("helpers"), false, null));
            assertTrue(got[0].passed(), id + ": " + got[0].failure());
            for (String h : List.of("PageTail", "compound_head", "page_folio", "page_slab", "PageBuddy", "page_zone", "page_to_nid"))
                for (String k : Coverage.KINDS)
                    assertTrue(c.hits(h, k) > 0, id + ": " + h + " never ran on a " + k + " page");
            for (String h : List.of("get_page", "put_page", "lock_page", "unlock_page"))
                for (String k : List.of("head", "tail"))
                    assertTrue(c.hits(h, k) > 0, id + ": " + h + " never ran on a " + k + " page");
            assertEquals(id.equals("baseline") ? "compound_head" : "memdesc", c.regimes().get("compound_head"), id);
        }
    }

    @Test void theHelpersTraceIsTheSameInEveryRegime() {
        Roadmap r = RoadmapLoader.load(Path.of("../roadmap.yaml"));
        RunResult base = Scenarios.run(r.baseline(), MACHINE, 1, List.of("helpers"));
        RunResult last = Scenarios.run(r.states().get(r.steps().size()), MACHINE, 1, List.of("helpers"));
        assertEquals(List.of(), last.diff(base));
    }

    @Test void aThirtyTwoBytePageLeavingPageTailAndGetPageOnCompoundHeadFailsAtTheShrink() throws Exception {
        Roadmap r = edited("""
                      - helper: {name: PageTail, impl: memdesc}
                      - helper: {name: page_slab, impl: memdesc}
                      - helper: {name: PageBuddy, impl: memdesc}
                      - helper: {name: get_page, impl: memdesc}
                """, """
                      - helper: {name: page_slab, impl: memdesc}
                      - helper: {name: PageBuddy, impl: memdesc}
                """);
        assertTrue(Scenarios.run(state(r, "buddy-order-flags"), MACHINE, 1, List.of("helpers")).passed());
        RunResult bad = Scenarios.run(state(r, "shrink-32"), MACHINE, 1, List.of("helpers"));
        assertFalse(bad.passed());
        assertEquals("helpers", bad.failure().scenario());
        assertTrue(bad.failure().message().contains("page->compound_head"), bad.failure().describe());
    }

    @Test void aDeclaredAccessNoScenarioMakesFailsTheState() throws Exception {
        // vmalloc claims to use the fsdax share count, which nothing in the model touches
        Roadmap r = edited("      accesses: [page._refcount]\n", "      accesses: [page._refcount, page.share]\n");
        assertTrue(r.baseline().users().get("vmalloc").title().startsWith("vmalloc"));
        RunResult res = Scenarios.run(r.baseline(), MACHINE, 1, List.of());
        assertFalse(res.passed());
        assertEquals("coverage", res.failure().scenario());
        assertEquals("user 'vmalloc' declares page.share but no scenario exercised it, through any user", res.failure().message());
    }
}
