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
        assertTrue(base.scenario("pagecache").trace().get(0).startsWith("folios per order: ["));
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
}
