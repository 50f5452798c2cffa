package memdesc.verify;

import memdesc.build.RepoRoadmap;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order check verifies states in (baseline, then costliest first) and what it reports (roadmap order). */
class CheckScheduleTest {
    @TempDir Path dir;

    @Test void theBaselineGoesFirstThenLaterStatesWithoutAHistory() {
        Roadmap r = RepoRoadmap.load();
        List<State> states = r.states();
        List<Integer> all = IntStream.range(0, states.size()).boxed().toList();
        List<Integer> order = Check.schedule(states, all, Map.of());
        assertEquals(0, order.get(0));
        assertEquals(states.size() - 1, order.get(1));
        assertEquals(1, order.get(order.size() - 1));
    }

    @Test void withAHistoryTheCostliestGoFirstAndStepsWithoutOneBeforeThem() {
        Roadmap r = RepoRoadmap.load();
        List<State> states = r.states();
        List<Integer> all = IntStream.range(0, states.size()).boxed().toList();
        Map<String, Long> costs = new java.util.HashMap<>();
        for (State s : states) costs.put(s.stepId(), 100L);
        costs.put("lru-uses", 5000L);
        costs.put("baseline", 1L);
        costs.remove("shrink-16");
        List<Integer> order = Check.schedule(states, all, costs);
        assertEquals(List.of(0, r.resolve("shrink-16"), r.resolve("lru-uses")), order.subList(0, 3));
        assertEquals(states.size(), new java.util.HashSet<>(order).size());
    }

    @Test void rowsArriveInRoadmapOrderAndTheTimesAreKeptForTheNextRun() {
        Roadmap r = RepoRoadmap.load();
        VerdictCache cache = new VerdictCache(dir);
        Verification buildOnly = new Verification(64L << 20, 1, null);
        Check check = new Check(buildOnly, cache, 2);
        List<Verdict> rows = new ArrayList<>();
        Check.Result res = check.run(r, rows::add);
        assertTrue(res.bisectable());
        for (int i = 0; i < rows.size(); i++) assertEquals(i, rows.get(i).index());
        Map<String, Long> costs = cache.costs(buildOnly.costKey());
        assertEquals(r.states().size(), costs.size());
        assertTrue(costs.containsKey("baseline") && costs.containsKey("memdesc-8"), costs.toString());
        rows.clear();
        Check.Result again = check.run(r, rows::add);
        assertTrue(again.verdicts().stream().allMatch(Verdict::cached));
        for (int i = 0; i < rows.size(); i++) assertEquals(i, rows.get(i).index());
        assertFalse(buildOnly.costKey().contains("code="), "a rebuild keeps the history");
    }
}
