package memdesc.verify;

import memdesc.build.RepoRoadmap;
import memdesc.scenario.RunResult;
import memdesc.scenario.Scenarios;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The baseline's run is kept in the check's cache: a later check compares states with the stored run
 * instead of running the baseline again. (Seeds of their own: the run is also kept per JVM.)
 */
class ReferenceRunTest {
    static final long MACHINE = 64L << 20;
    @TempDir Path dir;

    @Test void aCheckStoresTheBaselinesRunAndALaterCheckComparesWithWhatIsStored() throws Exception {
        Roadmap repo = RepoRoadmap.load();
        long seed = 9001;
        State base = repo.baseline(), lru = repo.states().get(repo.resolve("lru-uses"));
        VerdictCache cache = new VerdictCache(dir);
        String config = ModelRunners.ScenarioRunner.referenceConfig(memdesc.memory.Placement.of(MACHINE), seed);

        // a stored reference whose churn trace is not what the baseline does: lru-uses now differs from it
        RunResult real = Scenarios.run(base, MACHINE, seed, List.of());
        List<RunResult.ScenarioResult> edited = new ArrayList<>();
        for (RunResult.ScenarioResult s : real.scenarios())
            edited.add(!s.name().equals("churn") ? s : new RunResult.ScenarioResult(s.name(), s.status(), s.operations(),
                    List.of("not what churn records"), s.nanos(), s.memmapBytes(), s.descriptorBytes(), s.note()));
        cache.putReference(base.contentHash(), config, new RunResult(real.stepId(), real.machineBytes(), real.seed(),
                real.memmapBytes(), edited, null, real.unexercised(), real.exercised()));
        Verdict v = new Check(Verification.standard(MACHINE, seed), cache, 2).verify(repo, lru);
        assertFalse(v.ok());
        assertTrue(v.failure().startsWith("trace differs from the baseline's: churn: trace line 1"), v.failure());

        // without a stored run the check runs the baseline, and keeps its run for the next check
        long other = 9002;
        VerdictCache fresh = new VerdictCache(dir.resolve("fresh"));
        Check.Result r = new Check(Verification.standard(MACHINE, other), fresh, 2).run(repo, List.of(base, lru), x -> {});
        assertTrue(r.bisectable());
        RunResult stored = fresh.reference(base.contentHash(), ModelRunners.ScenarioRunner.referenceConfig(memdesc.memory.Placement.of(MACHINE), other)).orElseThrow();
        RunResult again = Scenarios.run(base, MACHINE, other, List.of());
        assertEquals(List.of(), again.diff(stored));
        assertEquals(again.scenarios().size(), stored.scenarios().size());
        assertTrue(Files.isDirectory(dir.resolve("fresh").resolve("reference")));
    }
}
