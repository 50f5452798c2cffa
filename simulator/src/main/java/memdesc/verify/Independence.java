package memdesc.verify;

import memdesc.steps.InputException;
import memdesc.steps.Phase;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.Step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code memdesc independence}: the steps of a phase the roadmap declares independent (the Path's
 * "there are no dependencies between these projects") build and pass in every subset, applied on top
 * of the state before the phase, in roadmap order and in reverse order. A requirement the roadmap
 * declares between two steps of the phase is honoured: subsets lacking it are not tried, and the
 * reverse order keeps it. Identical states (changes that commute) are verified once.
 */
public final class Independence {
    /** More steps than this would mean more than 4096 subsets. */
    public static final int MAX_STEPS = 12;
    private final Check check;

    public Independence(Check check) {
        this.check = check;
    }

    /** A subset (in the order applied) that failed, with the reason. */
    public record Failure(List<String> order, String reason) {}

    /** Two steps that do not compose, and why. */
    public record Pair(String a, String b, String reason) {}

    /**
     * @param failures  every subset order that failed
     * @param dependent the pairs among the smallest failing subsets (both steps pass alone)
     * @param minimal   the smallest failing subsets (no smaller subset of one fails), one order each
     */
    public record Result(String phase, List<String> steps, int subsets, int orders, int distinctStates,
                         List<Failure> failures, List<Pair> dependent, Map<String, List<String>> declared,
                         List<Failure> minimal) {
        public boolean independent() {
            return failures.isEmpty();
        }
    }

    public List<Phase> independentPhases(Roadmap roadmap) {
        return roadmap.phases().stream().filter(Phase::independent).toList();
    }

    public Result run(Roadmap roadmap, String phaseId) {
        Phase phase = roadmap.phase(phaseId).orElseThrow(() -> new InputException("memdesc: no phase '" + phaseId + "' in "
                + roadmap.file() + memdesc.steps.Names.didYouMean(phaseId, roadmap.phases().stream().map(Phase::id).toList())));
        List<Step> steps = roadmap.stepsOf(phase.id());
        if (steps.isEmpty()) throw new InputException("memdesc: phase '" + phaseId + "' has no steps");
        if (steps.size() > MAX_STEPS)
            throw new InputException("memdesc: phase '" + phaseId + "' has " + steps.size() + " steps; independence tries every subset and stops at "
                    + MAX_STEPS + " (" + (1 << MAX_STEPS) + " subsets)");
        int first = steps.get(0).number();
        State base = roadmap.fold(roadmap.steps().subList(0, first - 1));
        Map<String, List<String>> declared = new LinkedHashMap<>();
        Set<String> ids = new TreeSet<>();
        steps.forEach(s -> ids.add(s.id()));
        for (Step s : steps) declared.put(s.id(), s.requiredIds().stream().filter(ids::contains).toList());

        // Every subset that respects the declared requirements, in two orders.
        Map<String, State> distinct = new LinkedHashMap<>();
        Map<List<String>, String> orderHash = new LinkedHashMap<>();
        // Orders share prefixes (every subset extends a smaller one): each prefix is folded once.
        Map<List<String>, State> folded = new java.util.HashMap<>();
        folded.put(List.of(), base);
        int subsets = 0;
        for (int mask = 1; mask < (1 << steps.size()); mask++) {
            List<Step> chosen = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) if ((mask & (1 << i)) != 0) chosen.add(steps.get(i));
            if (!closed(chosen, declared)) continue;
            subsets++;
            for (List<Step> order : List.of(chosen, reversedRespecting(chosen, declared))) {
                List<String> names = order.stream().map(Step::id).toList();
                if (orderHash.containsKey(names)) continue;
                State s = fold(folded, order, names);
                // Dedup by content: orders that commute give one state, verified once (with the expects of
                // the step applied last in the first order that produced it).
                String h = s.contentHash();
                distinct.putIfAbsent(h, s);
                orderHash.put(names, h);
            }
        }
        Map<String, Verdict> byHash = new LinkedHashMap<>();
        Check.Result r = check.run(roadmap, new ArrayList<>(distinct.values()), v -> {});
        List<String> keys = new ArrayList<>(distinct.keySet());
        for (int i = 0; i < keys.size(); i++) byHash.put(keys.get(i), r.verdicts().get(i));

        List<Failure> failures = new ArrayList<>();
        orderHash.forEach((order, h) -> {
            Verdict v = byHash.get(h);
            if (!v.ok()) failures.add(new Failure(order, v.failure()));
        });
        // The smallest failing subsets say why: a single step that fails on its own, a pair that does not
        // compose, or (rarely) a larger group whose every smaller subset passes.
        Set<Set<String>> failingSets = new java.util.HashSet<>();
        for (Failure f : failures) failingSets.add(Set.copyOf(f.order()));
        List<Failure> minimal = new ArrayList<>();
        Set<Set<String>> seen = new java.util.HashSet<>();
        for (Failure f : failures) {
            Set<String> set = Set.copyOf(f.order());
            boolean smaller = failingSets.stream().anyMatch(o -> o.size() < set.size() && set.containsAll(o));
            if (!smaller && seen.add(set)) minimal.add(f);
        }
        List<Pair> pairs = new ArrayList<>();
        for (Failure f : minimal)
            if (f.order().size() == 2) pairs.add(new Pair(f.order().get(0), f.order().get(1), f.reason()));
        return new Result(phase.id(), steps.stream().map(Step::id).toList(), subsets, orderHash.size(), distinct.size(),
                failures, pairs, declared, minimal);
    }

    /** The state after applying {@code order} (ids {@code names}) on the base (the memo's empty order); every prefix is memoized. */
    private static State fold(Map<List<String>, State> folded, List<Step> order, List<String> names) {
        State s = folded.get(names);
        if (s != null) return s;
        int last = order.size() - 1;
        s = order.get(last).apply(fold(folded, order.subList(0, last), names.subList(0, last)));
        folded.put(names, s);
        return s;
    }

    private static boolean closed(List<Step> chosen, Map<String, List<String>> declared) {
        Set<String> in = new TreeSet<>();
        chosen.forEach(s -> in.add(s.id()));
        for (Step s : chosen) for (String req : declared.get(s.id())) if (!in.contains(req)) return false;
        return true;
    }

    /** Reverse order, then each step moved after its declared requirements (stable). */
    static List<Step> reversedRespecting(List<Step> chosen, Map<String, List<String>> declared) {
        List<Step> rev = new ArrayList<>(chosen);
        java.util.Collections.reverse(rev);
        List<Step> out = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        while (!rev.isEmpty()) {
            for (int i = 0; i < rev.size(); i++) {
                Step s = rev.get(i);
                if (placed.containsAll(declared.get(s.id()))) {
                    out.add(s);
                    placed.add(s.id());
                    rev.remove(i);
                    break;
                }
            }
        }
        return out;
    }
}
