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
 * step, or move it after a later step (the steps that touch the members its failure names first).
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
     */
    public record Result(List<Probe> probes, Verdict culprit, Verdict before, List<Repair> repairs, String message) {}

    public Result run(Roadmap roadmap, Consumer<String> log) {
        List<State> states = roadmap.states();
        List<Probe> probes = new ArrayList<>();
        int good = 0;
        int bad = states.size() - 1;
        Verdict base = check.verify(roadmap, states.get(0));
        probes.add(probe(base));
        if (!base.ok())
            return new Result(probes, base, null, List.of(), "the baseline itself does not build and pass: " + base.failure());
        Verdict last = check.verify(roadmap, states.get(bad));
        probes.add(probe(last));
        log.accept(line(last));
        if (last.ok())
            return new Result(probes, null, null, List.of(), "the last state (" + last.stepId()
                    + ") builds and passes: nothing to bisect (bisect assumes a bad end, as git bisect does; "
                    + "'memdesc check' verifies every state)");
        Verdict badVerdict = last;
        while (bad - good > 1) {
            int left = bad - good - 1;
            int mid = (good + bad) >>> 1;
            log.accept("Bisecting: " + left + " step" + (left == 1 ? "" : "s") + " left to test after this (roughly "
                    + (32 - Integer.numberOfLeadingZeros(Math.max(1, left))) + " step" + (left > 1 ? "s" : "") + ")");
            Verdict v = check.verify(roadmap, states.get(mid));
            probes.add(probe(v));
            log.accept(line(v));
            if (v.ok()) good = mid;
            else {
                bad = mid;
                badVerdict = v;
            }
        }
        Verdict before = check.verify(roadmap, states.get(good));
        return new Result(probes, badVerdict, before, repairs(roadmap, badVerdict), null);
    }

    private static Probe probe(Verdict v) {
        return new Probe(v.index(), v.stepId(), v.ok(), v.ok() ? null : v.failure());
    }

    private static String line(Verdict v) {
        return "[" + v.index() + "] " + v.stepId() + ": " + (v.ok() ? "good" : "bad");
    }

    /** Drop the culprit; move it after each later step, the likely ones first. */
    List<Repair> repairs(Roadmap roadmap, Verdict culprit) {
        List<Repair> out = new ArrayList<>();
        int k = culprit.index() - 1;
        List<Step> steps = roadmap.steps();
        Step bad = steps.get(k);
        List<Step> dropped = new ArrayList<>(steps);
        dropped.remove(k);
        out.add(tryRepair(roadmap, dropped, "drop " + bad.id()));
        for (Step after : candidates(steps, k, culprit)) {
            List<Step> moved = new ArrayList<>(dropped);
            moved.add(moved.indexOf(after) + 1, bad);
            Repair r = tryRepair(roadmap, moved, "move " + bad.id() + " after " + after.id());
            out.add(r);
            if (r.works()) break;
        }
        return out;
    }

    private Repair tryRepair(Roadmap roadmap, List<Step> steps, String what) {
        Roadmap trial = Mutations.withSteps(roadmap, steps);
        Check.Result r = check.run(trial, v -> {});
        return new Repair(what, r.bisectable(), r.firstBad().map(v -> v.stepId() + ": " + v.failure()).orElse(null));
    }

    /**
     * Later steps to try moving the culprit after: first those whose changes touch a member or struct
     * named in the failure (the step that removes {@code page->lru} fixes a shrink that still needs it),
     * then the rest in roadmap order.
     */
    static List<Step> candidates(List<Step> steps, int k, Verdict culprit) {
        String text = culprit.failure() == null ? "" : culprit.failure();
        Set<Step> first = new LinkedHashSet<>();
        Set<Step> rest = new LinkedHashSet<>();
        for (int j = k + 1; j < steps.size(); j++) {
            Step s = steps.get(j);
            (mentions(s, text) ? first : rest).add(s);
        }
        List<Step> out = new ArrayList<>(first);
        out.addAll(rest);
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
