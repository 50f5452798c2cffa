package memdesc.scenario;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What running the scenarios on one state produced: per scenario its trace and figures, the first
 * failure (scenario, user, PFN, message) if any, and the declared accesses no scenario exercised.
 */
public record RunResult(String stepId, long machineBytes, long seed, long memmapBytes, List<ScenarioResult> scenarios,
                        Failure failure, Map<String, Set<String>> unexercised, Map<String, Set<String>> exercised) {

    public RunResult {
        scenarios = List.copyOf(scenarios);
        unexercised = Map.copyOf(unexercised);
        exercised = Map.copyOf(exercised);
    }

    public enum Status { PASS, FAIL, SKIPPED }

    /** One scenario: its status, operations, trace of observable results, time and memory figures. */
    public record ScenarioResult(String name, Status status, long operations, List<String> trace, long nanos,
                                 long memmapBytes, long descriptorBytes, String note) {
        public ScenarioResult {
            trace = List.copyOf(trace);
        }
    }

    /** The first failure: where (scenario, user, member, PFN) and why. */
    public record Failure(String scenario, String user, String member, long pfn, String message) {
        public String describe() {
            StringBuilder b = new StringBuilder("scenario ").append(scenario).append(": ");
            if (user != null) b.append("user ").append(user).append(": ");
            if (pfn >= 0) b.append("pfn ").append(pfn).append(": ");
            return b.append(message).toString();
        }
    }

    public boolean passed() {
        return failure == null;
    }

    public ScenarioResult scenario(String name) {
        for (ScenarioResult r : scenarios) if (r.name().equals(name)) return r;
        return null;
    }

    /**
     * How this run's traces differ from a reference run (the baseline's, same seed): one line per
     * scenario whose trace differs, naming the first differing line. Skipped scenarios are not compared.
     */
    public List<String> diff(RunResult reference) {
        List<String> out = new java.util.ArrayList<>();
        for (ScenarioResult r : scenarios) {
            if (r.status() != Status.PASS) continue;
            ScenarioResult b = reference.scenario(r.name());
            if (b == null || b.status() != Status.PASS) continue;
            List<String> x = r.trace(), y = b.trace();
            for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
                String a = i < x.size() ? x.get(i) : "<end>", c = i < y.size() ? y.get(i) : "<end>";
                if (!a.equals(c)) {
                    out.add(r.name() + ": trace line " + (i + 1) + " is '" + a + "' but the baseline's is '" + c + "'");
                    break;
                }
            }
        }
        return out;
    }
}
