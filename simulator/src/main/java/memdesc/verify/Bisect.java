package memdesc.verify;

import memdesc.steps.Change;
import memdesc.steps.Member;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.Step;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code memdesc bisect}: the first bad step by binary search between a good state (the baseline) and a
 * bad one (the last), as {@code git bisect} does on the exported history; then, like KernelCI's culprit
 * checks, confirm it (the step before passes, the step fails) and try the two obvious repairs: drop the
 * step, or move it after a later step (its declared requirements first, then the steps that touch the
 * members its failure names).
 * <p>
 * A roadmap is not a kernel tree: a later step can repair a bad state (a misplaced step's conversion
 * fails, the next state forgets it). Binary search assumes once bad, always bad, so it can miss the first
 * bad step or, with a good end, have nothing to search. A kernel developer wants the first bad step, so
 * bisect then verifies the states in order (in parallel, cached) and says that it did.
 */
public final class Bisect {
    private final Check check;

    public Bisect(Check check) {
        this.check = check;
    }

    /** One probe of the search, as git bisect prints it. */
    public record Probe(int index, String stepId, boolean good, String reason) {}

    /** A repair tried on the culprit and whether the whole roadmap then builds and passes. */
    public record Repair(String description, boolean works, String firstBad) {}

    /**
     * @param culprit null when there is nothing to bisect (see {@code message})
     * @param before  the state before the culprit (good), null when the culprit is the baseline
     * @param message why there is no culprit, null when there is one
     * @param note    how the culprit was found when binary search alone could not (null when it could)
     */
    public record Result(List<Probe> probes, Verdict culprit, Verdict before, List<Repair> repairs, String message,
                         String note) {
        public boolean found() {
            return culprit != null;
        }
    }

    public Result run(Roadmap roadmap, Consumer<String> log) {
        return run(roadmap, log, true);
    }

    /** As {@link #run(Roadmap, Consumer)}; {@code tryRepairs} false skips the repairs (each is a full check). */
    public Result run(Roadmap roadmap, Consumer<String> log, boolean tryRepairs) {
        List<State> states = roadmap.states();
        List<Probe> probes = new ArrayList<>();
        int good = 0;
        int bad = states.size() - 1;
        Verdict base = check.verify(roadmap, states.get(0));
        probes.add(probe(base));
        if (!base.ok()) {
            log.accept(line(base));
            return new Result(probes, base, null, List.of(), null,
                    "the baseline itself does not build and pass: nothing before it to compare with");
        }
        if (bad == 0)
            return new Result(probes, null, null, List.of(), "the roadmap has no steps: nothing to bisect", null);
        Verdict last = check.verify(roadmap, states.get(bad));
        probes.add(probe(last));
        log.accept("bisect: " + name(base) + " is good; testing the last state " + name(last));
        log.accept(line(last));
        if (last.ok()) {
            log.accept("the last state builds and passes: there is no bad end to bisect from (git bisect would stop here);"
                    + " verifying every state in order instead");
            Check.Result all = check.run(roadmap, states, v -> {});
            if (all.bisectable())
                return new Result(probes, null, null, List.of(), "every state (" + states.size()
                        + ") builds and passes: nothing to bisect", null);
            Verdict culprit = all.firstBad().orElseThrow();
            Verdict before = all.verdicts().get(culprit.index() - 1);
            String again = all.verdicts().stream().skip(culprit.index() + 1).filter(Verdict::ok).findFirst()
                    .map(v -> "; good again from step " + v.index() + " " + v.stepId()).orElse("");
            return new Result(probes, culprit, before, tryRepairs ? repairs(roadmap, culprit) : List.of(), null,
                    "found by verifying every state in order: the last state is good (a later step repairs the failure"
                            + again + ")");
        }
        Verdict badVerdict = last;
        while (bad - good > 1) {
            int left = bad - good - 1;
            int mid = (good + bad) >>> 1;
            log.accept("Bisecting: " + left + " step" + (left == 1 ? "" : "s") + " left to test after this (roughly "
                    + roughly(left) + " step" + (roughly(left) == 1 ? "" : "s") + ")");
            Verdict v = check.verify(roadmap, states.get(mid));
            probes.add(probe(v));
            log.accept(line(v));
            if (v.ok()) good = mid;
            else {
                bad = mid;
                badVerdict = v;
            }
        }
        // Binary search found a good -> bad transition; the first bad step must also have only good
        // states before it. Verify them (cheap: parallel and mostly cached by now).
        Check.Result earlier = check.run(roadmap, states.subList(0, badVerdict.index()), v -> {});
        String note = null;
        if (!earlier.bisectable()) {
            Verdict first = earlier.firstBad().orElseThrow();
            note = "binary search stopped at " + badVerdict.stepId() + ", but an earlier state is bad too (a later step "
                    + "repairs it, so the search skipped it): found by verifying every state before " + badVerdict.stepId();
            badVerdict = first;
        }
        Verdict before = earlier.verdicts().get(badVerdict.index() - 1);
        return new Result(probes, badVerdict, before, tryRepairs ? repairs(roadmap, badVerdict) : List.of(), null, note);
    }

    /** git's estimate: about log2 of what is left. */
    private static int roughly(int left) {
        return 32 - Integer.numberOfLeadingZeros(Math.max(1, left));
    }

    private static Probe probe(Verdict v) {
        return new Probe(v.index(), v.stepId(), v.ok(), v.ok() ? null : v.failure());
    }

    private static String name(Verdict v) {
        return "[" + v.index() + "] " + v.stepId();
    }

    private static String line(Verdict v) {
        return name(v) + ": " + (v.ok() ? "good" : "bad: " + v.failure());
    }

    /** Drop the culprit; move it after each later step, the likely ones first, until one works. */
    List<Repair> repairs(Roadmap roadmap, Verdict culprit) {
        List<Repair> out = new ArrayList<>();
        if (culprit.index() == 0) return out;
        int k = culprit.index() - 1;
        List<Step> steps = roadmap.steps();
        Step bad = steps.get(k);
        List<Step> dropped = new ArrayList<>(steps);
        dropped.remove(k);
        out.add(tryRepair(roadmap, dropped, "drop it"));
        for (Step after : candidates(roadmap, k, culprit)) {
            List<Step> moved = new ArrayList<>(dropped);
            moved.add(moved.indexOf(after) + 1, bad);
            Repair r = tryRepair(roadmap, moved, "move it after " + after.id());
            out.add(r);
            if (r.works()) break;
        }
        return out;
    }

    private Repair tryRepair(Roadmap roadmap, List<Step> steps, String what) {
        Roadmap trial = Mutations.withSteps(roadmap, steps);
        Check.Result r = check.run(trial, v -> {});
        return new Repair(what, r.bisectable(), r.firstBad().map(v -> v.index() + " " + v.stepId() + ": " + v.failure()).orElse(null));
    }

    /**
     * Later steps to move the culprit after: first the last of its declared requirements that stands after
     * it (the roadmap already says it must come later), then those whose changes touch a member or struct
     * named in the failure (the step that removes {@code page->lru} fixes a shrink that still needs it),
     * then the rest in roadmap order.
     */
    static List<Step> candidates(Roadmap roadmap, int k, Verdict culprit) {
        List<Step> steps = roadmap.steps();
        Step bad = steps.get(k);
        String text = culprit.failure() == null ? "" : culprit.failure();
        Set<String> needs = new LinkedHashSet<>(Deps.closure(roadmap, bad));
        Set<Step> required = new LinkedHashSet<>();
        Set<Step> first = new LinkedHashSet<>();
        Set<Step> rest = new LinkedHashSet<>();
        Step lastRequired = null;
        for (int j = k + 1; j < steps.size(); j++) {
            Step s = steps.get(j);
            if (needs.contains(s.id())) lastRequired = s;
            (mentions(s, text) ? first : rest).add(s);
        }
        if (lastRequired != null) required.add(lastRequired);
        List<Step> out = new ArrayList<>(required);
        for (Step s : first) if (!required.contains(s)) out.add(s);
        for (Step s : rest) if (!required.contains(s)) out.add(s);
        return out;
    }

    private static boolean mentions(Step s, String failure) {
        for (Change c : s.changes()) {
            List<Member> ms = new ArrayList<>(2);
            if (c instanceof Change.Convert cv) {
                if (cv.from() != null) ms.add(cv.from());
                if (cv.to() != null) ms.add(cv.to());
            } else if (c instanceof Change.Remove rm) {
                ms.add(rm.member());
            }
            for (Member m : ms)
                if (failure.contains("'" + m.path() + "'") || failure.contains(m.arrow()) || failure.contains(m.toString()))
                    return true;
            if (c instanceof Change.Define d && failure.contains("struct " + d.struct())) return true;
        }
        return false;
    }
}
