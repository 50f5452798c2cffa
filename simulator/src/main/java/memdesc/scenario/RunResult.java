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
    static final String DROPPED = "dropped";
    /** The census line of a state without memcg (disabled): its groups' counters are not compared. */
    public static final String MEMCG_DROPPED = "census memcg: dropped";

    /** The census fields this run reads as dropped (a step dropped that behaviour): "record kind|field". */
    static Set<String> droppedFields(List<String> trace) {
        Set<String> out = new java.util.TreeSet<>();
        for (String l : trace) {
            if (l.equals(MEMCG_DROPPED)) out.add("memcg|memcg");
            if (!l.startsWith("census ") || !l.contains("=" + DROPPED)) continue;
            String[] t = record(l).split(" ");
            String kind = kind(t);
            for (String f : t) if (f.endsWith("=" + DROPPED)) out.add(kind + "|" + f.substring(0, f.indexOf('=')));
        }
        return out;
    }

    /** "census N x folio file order=0 …": the words before the first field ("folio file"). */
    private static String kind(String[] t) {
        StringBuilder k = new StringBuilder();
        for (int i = 3; i < t.length && t[i].indexOf('=') < 0; i++) k.append(i > 3 ? " " : "").append(t[i]);
        return k.toString();
    }

    /**
     * The reference's census with the fields this state dropped on purpose read as dropped too, equal
     * records counted again: a dropped behaviour is not compared, everything else is.
     */
    static List<String> masked(List<String> trace, Set<String> fields) {
        if (fields.isEmpty()) return trace;
        // memcg disabled or dropped: its groups' counters are not compared either
        boolean noMemcg = fields.stream().anyMatch(f -> f.endsWith("|memcg"));
        List<String> out = new java.util.ArrayList<>(trace.size());
        java.util.TreeMap<String, long[]> block = null;
        for (String l : trace) {
            if (noMemcg && l.startsWith("census memcg ")) {
                if (out.isEmpty() || !out.get(out.size() - 1).equals(MEMCG_DROPPED)) out.add(MEMCG_DROPPED);
                continue;
            }
            boolean rec = l.startsWith("census ") && l.contains(" x ");
            if (!rec && block != null) {
                block.forEach((k, c) -> out.add("census " + c[0] + " x " + k + AT + c[1]));
                block = null;
            }
            if (!rec) {
                out.add(l);
                continue;
            }
            if (block == null) block = new java.util.TreeMap<>();
            String[] t = record(l).split(" ");
            String kind = kind(t);
            StringBuilder k = new StringBuilder();
            for (int i = 3; i < t.length; i++) {
                String f = t[i];
                int eq = f.indexOf('=');
                if (eq > 0 && fields.contains(kind + "|" + f.substring(0, eq))) f = f.substring(0, eq + 1) + DROPPED;
                k.append(i > 3 ? " " : "").append(f);
            }
            long n = Long.parseLong(t[1]);
            String at = l.substring(l.lastIndexOf(AT) + AT.length());
            long[] c = block.computeIfAbsent(k.toString(), x -> new long[] {0, Long.parseLong(at)});
            c[0] += n;
        }
        if (block != null) block.forEach((k, c) -> out.add("census " + c[0] + " x " + k + AT + c[1]));
        return out;
    }

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
        if (ra.contains(" x ") && rc.contains(" x ") && ra.substring(ra.indexOf(" x ")).equals(rc.substring(rc.indexOf(" x ")))) {
            b.setLength(0);
            return b.append("census differs: ").append(fa[1]).append(" pages read '").append(ra.substring(ra.indexOf(" x ") + 3))
                    .append("' here (first at ").append(pfnOf(a).trim()).append(") but ").append(fc[1]).append(" in the baseline").toString();
        }
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
            List<String> x = r.trace(), y = masked(b.trace(), droppedFields(x));
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
