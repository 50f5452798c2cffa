package memdesc.verify;

import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.Step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code memdesc deps}: what a step really needs. Starting from every earlier step, each candidate is
 * removed in turn (latest first); it stays removed when the remaining ones in roadmap order, then the
 * step, still build and pass at every state. The result is minimal (removing any one more breaks it) and
 * closed (it includes what its members need), so it is compared with the transitive closure of the
 * declared {@code requires}.
 */
public final class Deps {
    private final Check check;

    public Deps(Check check) {
        this.check = check;
    }

    /**
     * What one step needs, against what it declares. {@code noEffectBefore}: the step changes nothing the
     * model observes on the smallest prefix it passes with, so "needs nothing" would be a guess; this
     * names the first step after which it has an effect ("" if none before it; null when it has one).
     * Such a step is placed after its declared needs, and none of them is called unneeded.
     */
    public record Needs(String step, List<String> inferred, List<String> declaredClosure, List<String> undeclared,
                        List<String> unneeded, int trials, String problem, String noEffectBefore) {
        public Needs(String step, List<String> inferred, List<String> declaredClosure, List<String> undeclared,
                     List<String> unneeded, int trials, String problem) {
            this(step, inferred, declaredClosure, undeclared, unneeded, trials, problem, null);
        }

        /** One phrase for the no-effect case, e.g. "no effect before buddy-pfn"; null when the step has an effect. */
        public String noEffect() {
            if (noEffectBefore == null) return null;
            return noEffectBefore.isEmpty() ? "no effect on any earlier state" : "no effect before " + noEffectBefore;
        }
    }

    public Needs of(Roadmap roadmap, String stepId) {
        int k = roadmap.resolve(stepId);
        Step step = roadmap.steps().get(k - 1);
        List<Step> earlier = roadmap.steps().subList(0, k - 1);
        List<String> closure = closure(roadmap, step);
        int trials = 0;
        // The step must be good with everything before it; else there is nothing to infer.
        Verdict full = check.verify(roadmap, roadmap.states().get(k));
        trials++;
        if (!full.ok())
            return new Needs(step.id(), List.of(), closure, List.of(), List.of(), trials,
                    step.id() + " does not build and pass even after every earlier step: " + full.failure());
        List<Step> need = new ArrayList<>(earlier);
        // Cheap first: maybe it needs nothing at all.
        if (good(roadmap, List.of(), step)) {
            need.clear();
            trials++;
        } else {
            trials++;
            for (int i = need.size() - 1; i >= 0; i--) {
                List<Step> without = new ArrayList<>(need);
                without.remove(i);
                trials++;
                if (good(roadmap, without, step)) need = without;
            }
        }
        List<String> inferred = need.stream().map(Step::id).toList();
        List<String> undeclared = inferred.stream().filter(id -> !closure.contains(id)).toList();
        State minimal = roadmap.baseline();
        for (Step p : need) minimal = p.apply(minimal);
        if (!Effect.observable(minimal, step)) {
            String first = Effect.firstEffect(roadmap.states(), step, k);
            return new Needs(step.id(), inferred, closure, undeclared, List.of(), trials, null, first == null ? "" : first);
        }
        List<String> unneeded = step.requiredIds().stream().filter(id -> !inferred.contains(id)).toList();
        return new Needs(step.id(), inferred, closure, undeclared, unneeded, trials, null);
    }

    /**
     * The prefix, then the step, is a bisectable history: every state along it builds and passes, not only
     * the last (a step whose change no longer applies leaves one bad state that the next step forgets).
     */
    private boolean good(Roadmap roadmap, List<Step> prefix, Step step) {
        List<State> states = new ArrayList<>(prefix.size() + 2);
        State s = roadmap.baseline();
        states.add(s);
        for (Step p : prefix) {
            s = p.apply(s);
            states.add(s);
        }
        states.add(step.apply(s));
        // the step's own state first: it is the one most likely to fail, and then the rest is not needed
        if (!check.verify(roadmap, states.get(states.size() - 1)).ok()) return false;
        return check.run(roadmap, states.subList(0, states.size() - 1), v -> {}).bisectable();
    }

    /** The declared requires of a step, transitively, in roadmap order. */
    static List<String> closure(Roadmap roadmap, Step step) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(step.requiredIds());
        while (!todo.isEmpty()) {
            String id = todo.remove(todo.size() - 1);
            if (seen.add(id)) roadmap.step(id).ifPresent(s -> todo.addAll(s.requiredIds()));
        }
        return roadmap.steps().stream().map(Step::id).filter(seen::contains).toList();
    }

    /** Every step's needs, and the graph. Direct edges drop needs implied by another need's needs. */
    public record All(List<Needs> needs, DepGraph graph) {}

    public All all(Roadmap roadmap) {
        List<Needs> needs = new ArrayList<>();
        Map<String, List<String>> declared = new LinkedHashMap<>();
        Map<String, List<String>> inferred = new LinkedHashMap<>();
        Map<String, Set<String>> closed = new LinkedHashMap<>();
        for (Step s : roadmap.steps()) {
            Needs n = of(roadmap, s.id());
            needs.add(n);
            declared.put(s.id(), s.requiredIds());
            // a step with no effect yet cannot show what it needs: it goes after what it declares
            closed.put(s.id(), new LinkedHashSet<>(n.noEffectBefore() != null ? n.declaredClosure() : n.inferred()));
        }
        for (Step s : roadmap.steps()) {
            Set<String> mine = closed.get(s.id());
            List<String> direct = new ArrayList<>();
            for (String d : mine) {
                boolean implied = false;
                for (String other : mine) if (!other.equals(d) && closed.getOrDefault(other, Set.of()).contains(d)) implied = true;
                if (!implied) direct.add(d);
            }
            inferred.put(s.id(), direct);
        }
        return new All(needs, new DepGraph(declared, inferred));
    }
}
