package memdesc.verify;

import memdesc.build.BuildCheck;
import memdesc.memory.Placement;
import memdesc.scenario.RunResult;
import memdesc.scenario.Scenarios;
import memdesc.steps.Roadmap;
import memdesc.steps.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Where {@link Verification} finds the memmap model: the seeded scenarios of {@link Scenarios}. */
final class ModelRunners {
    private ModelRunners() {}

    static Verification.ModelRunner standard() {
        return new ScenarioRunner();
    }

    /**
     * Runs every scenario on the state and compares its traces with the baseline's (same machine, same
     * seed). The baseline's run is computed once per machine and seed and shared by all states.
     */
    static final class ScenarioRunner implements Verification.ModelRunner {
        /** The baseline's run per (baseline, machine, seed), shared by every verifier in this JVM. */
        private static final Map<String, RunResult> BASELINES = new ConcurrentHashMap<>();

        @Override public Verification.Outcome run(Roadmap roadmap, State state, BuildCheck.Layouts layouts, Placement machine, long seed,
                                                  StateVerifier.Context ctx) {
            String baseHash = roadmap.baseline().contentHash();
            boolean isBase = state == roadmap.baseline() || state.contentHash().equals(baseHash);
            // The state's own run first: while another worker computes the baseline's, this one is not idle.
            RunResult own = isBase ? null : Scenarios.run(state, machine, seed, List.of(), true, ctx.spare());
            RunResult base = baseline(roadmap, baseHash, machine, seed, ctx);
            RunResult r = isBase ? base : own;
            List<String> diffs = r == base ? List.of() : r.diff(base);
            String failure = null;
            if (r.failure() != null) failure = r.failure().describe();
            else if (base.failure() != null && r != base) failure = "the baseline fails, so there is no reference trace: " + base.failure().describe();
            else if (!diffs.isEmpty()) failure = "trace differs from the baseline's: " + diffs.get(0);
            int passed = 0, total = 0;
            long desc = 0;
            List<String> skipped = new ArrayList<>();
            for (RunResult.ScenarioResult s : r.scenarios()) {
                total++;                       // a skipped scenario did not pass: it counts, as not passed
                if (s.status() == RunResult.Status.SKIPPED) {
                    skipped.add(s.name() + ": " + s.note());
                    continue;
                }
                boolean differs = diffs.stream().anyMatch(d -> d.startsWith(s.name() + ":"));
                if (s.status() == RunResult.Status.PASS && !differs) passed++;
                desc = Math.max(desc, s.descriptorBytes());
            }
            return new Verification.Outcome(passed, total, skipped, r.memmapBytes(), desc, failure);
        }

        @Override public void prepare(Roadmap roadmap, Placement machine, long seed, StateVerifier.Context ctx) {
            baseline(roadmap, roadmap.baseline().contentHash(), machine, seed, ctx);
        }

        /**
         * Computed once per JVM (a second caller waits for the first's result rather than computing it
         * again) and, when it passes, kept in the check's cache: a re-check after editing one step then runs
         * that step's state alone, not the baseline too. The stored run is keyed by the baseline's content
         * and everything else its traces depend on: machine, seed, the scenarios, this build of the code.
         */
        private static RunResult baseline(Roadmap roadmap, String baseHash, Placement machine, long seed, StateVerifier.Context ctx) {
            return BASELINES.computeIfAbsent(baseHash + "/" + machine.key() + "/" + seed, k -> {
                String config = referenceConfig(machine, seed);
                VerdictCache cache = ctx.cache();
                RunResult stored = cache == null ? null : cache.reference(baseHash, config).orElse(null);
                if (stored != null) return stored;
                RunResult run = Scenarios.run(roadmap.baseline(), machine, seed, List.of(), true, ctx.spare());
                if (cache != null && run.passed()) cache.putReference(baseHash, config, run);
                return run;
            });
        }

        /** What the baseline's traces depend on besides its content: the key its stored run is kept under. */
        static String referenceConfig(Placement machine, long seed) {
            return "reference;machine=" + machine.key() + ";seed=" + seed + ";scenarios=" + String.join(",", Scenarios.names())
                    + ";code=" + CodeVersion.fingerprint();
        }

        @Override public String version() {
            return "scenarios=" + String.join(",", Scenarios.names());
        }
    }
}
