package memdesc.scenario;

import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository's roadmap.yaml on the model: the baseline passes every scenario, every later state
 * (down to the 8-byte page) passes with the baseline's trace, every access the roadmap declares is
 * exercised by some scenario, and runs are deterministic in the seed.
 */
class RoadmapStatesTest {
    static final Roadmap R = RoadmapLoader.load(Path.of("../roadmap.yaml"));
    static final long MB64 = 64L << 20;

    @Test void baselinePassesEveryScenarioAndExercisesItsWholeCatalogue() {
        RunResult base = Scenarios.run(R.baseline(), MB64, 1, List.of());
        assertTrue(base.passed(), () -> base.failure().describe());
        assertEquals(Scenarios.names().size(), base.scenarios().size());
        base.scenarios().forEach(s -> assertEquals(RunResult.Status.PASS, s.status(), s.name()));
        base.unexercised().forEach((u, m) -> assertEquals(Set.of(), m, "declared but never exercised by " + u));
        assertTrue(base.scenario("pagecache").trace().get(0).startsWith("lookups hit "));
    }

    @Test void laterStatesPassWithTheBaselinesTrace() {
        RunResult base = Scenarios.run(R.baseline(), MB64, 3, List.of());
        List<State> states = R.states();
        for (State s : states.subList(1, states.size())) {
            RunResult r = Scenarios.run(s, MB64, 3, List.of());
            assertTrue(r.passed(), () -> s.stepId() + ": " + r.failure().describe());
            assertEquals(List.of(), r.diff(base), s.stepId());
            r.unexercised().forEach((u, m) -> assertEquals(Set.of(), m, s.stepId() + ": declared but never exercised by " + u));
            assertTrue(r.memmapBytes() <= base.memmapBytes());
        }
    }

    @Test void sameSeedSameTraceOtherSeedOtherTrace() {
        State s = R.states().get(R.resolve("shrink-32"));
        RunResult a = Scenarios.run(s, MB64, 11, List.of("churn", "anon", "zsmalloc"));
        RunResult b = Scenarios.run(s, MB64, 11, List.of("churn", "anon", "zsmalloc"));
        RunResult c = Scenarios.run(s, MB64, 12, List.of("churn", "anon", "zsmalloc"));
        assertEquals(List.of(), a.diff(b));
        assertNotEquals(List.of(), a.diff(c));
        assertEquals(4, a.scenarios().size());     // boot + the three named
    }

    @Test void shrinkingStructPageShrinksTheMemmapAndSeparateDescriptorsCostMemory() {
        RunResult base = Scenarios.run(R.baseline(), MB64, 1, List.of("pagecache"));
        RunResult s16 = Scenarios.run(R.states().get(R.resolve("shrink-16")), MB64, 1, List.of("pagecache"));
        assertEquals(16384L * 64, base.memmapBytes());
        assertEquals(16384L * 16, s16.memmapBytes());
        assertEquals(0, base.scenario("pagecache").descriptorBytes());
        assertTrue(s16.scenario("pagecache").descriptorBytes() > 0);
    }

    /**
     * At 256 MiB the page_zone scenario's random PFNs hit a frame zsmalloc had used in the baseline, and
     * zsmalloc cleared the page's flags whole, zone bits and all, so slab-split's trace differed from the
     * baseline's. The invariant check now asks page_zone() of every page; both states pass.
     */
    @Test void zsmallocLeavesThePagesZoneBitsAlone() {
        long mb256 = 256L << 20;
        RunResult base = Scenarios.run(R.baseline(), mb256, 1, List.of());
        RunResult split = Scenarios.run(R.states().get(R.resolve("slab-split")), mb256, 1, List.of());
        assertTrue(base.passed(), () -> base.failure().describe());
        assertTrue(split.passed(), () -> split.failure().describe());
        assertEquals(List.of(), split.diff(base));
    }

    /** free_all runs on a machine of its own; with a worker to run it the results are the same. */
    @Test void aSpareWorkerChangesNothingButTheTime() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            for (String id : List.of("baseline", "dyn-folio", "buddy-zone-relative")) {
                State s = R.states().get(R.resolve(id));
                RunResult alone = Scenarios.run(s, MB64, 5, List.of(), false, null);
                RunResult spared = Scenarios.run(s, MB64, 5, List.of(), false, pool);
                assertEquals(Scenarios.names(), spared.scenarios().stream().map(RunResult.ScenarioResult::name).toList(), id);
                assertEquals(List.of(), spared.diff(alone), id);
                assertEquals(List.of(), alone.diff(spared), id);
                assertEquals(alone.exercised(), spared.exercised(), id);
                assertEquals(alone.unexercised(), spared.unexercised(), id);
                assertEquals(alone.memmapBytes(), spared.memmapBytes(), id);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
