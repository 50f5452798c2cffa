package memdesc.steps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The Path as data: phases, the baseline state and the ordered steps. {@link #states()} folds the
 * steps: state k is step k applied to state k-1, state 0 the baseline. {@code baselineTitle} and
 * {@code baselineSource} say what the baseline stands for and where the seeds describe it.
 * Load one with {@link RoadmapLoader}.
 */
public record Roadmap(String name, String file, List<Phase> phases, State baseline, List<Step> steps,
                      String baselineTitle, Source baselineSource) {
    public Roadmap {
        phases = List.copyOf(phases);
        steps = List.copyOf(steps);
    }

    /** A roadmap built in code (tests): the baseline has no title or source. */
    public Roadmap(String name, String file, List<Phase> phases, State baseline, List<Step> steps) {
        this(name, file, phases, baseline, steps, State.BASELINE, null);
    }

    /** Every state, baseline first: {@code states().get(k)} is the state after step k. */
    public List<State> states() {
        List<State> out = new ArrayList<>(steps.size() + 1);
        State s = baseline;
        out.add(s);
        for (Step step : steps) {
            s = step.apply(s);
            out.add(s);
        }
        return Collections.unmodifiableList(out);
    }

    /** The state after applying {@code prefix} (any subsequence of steps, in the order given). */
    public State fold(List<Step> prefix) {
        State s = baseline;
        for (Step step : prefix) s = step.apply(s);
        return s;
    }

    public Optional<Phase> phase(String id) {
        return phases.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<Step> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * Resolves how a user names a step: its id, its number, or {@code 0}/{@code baseline} for the initial
     * state. Returns the index into {@link #states()}.
     */
    public int resolve(String idOrNumber) {
        if (idOrNumber.equals("0") || idOrNumber.equals(State.BASELINE)) return 0;
        if (idOrNumber.chars().allMatch(Character::isDigit) && !idOrNumber.isEmpty()) {
            int n;
            try {
                n = Integer.parseInt(idOrNumber);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n >= 1 && n <= steps.size()) return n;
            throw new InputException("memdesc: no step " + idOrNumber + " in " + file + " (it has steps 1 to " + steps.size() + ")");
        }
        for (Step s : steps) if (s.id().equals(idOrNumber)) return s.number();
        String hint = Names.didYouMean(idOrNumber, steps.stream().map(Step::id).toList());
        throw new InputException("memdesc: no step '" + idOrNumber + "' in " + file + hint);
    }

    /** The steps of a phase, in roadmap order. */
    public List<Step> stepsOf(String phase) {
        return steps.stream().filter(s -> s.phase().equals(phase)).toList();
    }
}
