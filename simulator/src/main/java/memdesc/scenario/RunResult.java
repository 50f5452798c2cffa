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

    private static final String AT = " @pfn ";

    /** A trace line without the PFN a census record was first read at (which legitimately differs). */
    static String record(String line) {
        int i = line.lastIndexOf(AT);
        return i < 0 ? line : line.substring(0, i);
    }

    private static String pfnOf(String line) {
        int i = line.lastIndexOf(AT);
        return i < 0 ? "" : "pfn " + line.substring(i + AT.length()) + " ";
    }

    /**
     * A census mismatch explained: where (the PFN in this state and in the baseline) and the first field
     * that differs, when both lines are records of the same kind.
     */
    static String censusDiff(String a, String c) {
        String ra = record(a), rc = record(c);
        StringBuilder b = new StringBuilder("census differs: ");
        b.append(pfnOf(a)).append("reads '").append(ra).append("' where the baseline's ").append(pfnOf(c)).append("reads '").append(rc).append("'");
        String[] fa = ra.split(" "), fc = rc.split(" ");
        for (int i = 0; i < Math.min(fa.length, fc.length); i++) {
            if (fa[i].equals(fc[i])) continue;
            int ea = fa[i].indexOf('='), ec = fc[i].indexOf('=');
            if (i >= 3 && ea > 0 && ec > 0 && fa[i].substring(0, ea).equals(fc[i].substring(0, ec)))
                b.append(" (field ").append(fa[i], 0, ea).append(": ").append(fa[i].substring(ea + 1)).append(" here, ")
                        .append(fc[i].substring(ec + 1)).append(" in the baseline)");
            break;
        }
        return b.toString();
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
                if (!record(a).equals(record(c))) {
                    out.add(r.name() + ": " + (a.startsWith("census ") || c.startsWith("census ") ? censusDiff(a, c)
                            : "trace line " + (i + 1) + " is '" + a + "' but the baseline's is '" + c + "'"));
                    break;
                }
            }
        }
        return out;
    }
}
