package memdesc.steps;

import java.util.List;

/**
 * One small, bisectable step of the Path. {@code number} is its 1-based position (0 is the baseline);
 * {@code checksum} is a digest of its content (not of its position or formatting), so two versions of a
 * roadmap can be compared step by step as a migration tool compares migrations.
 */
public record Step(int number, String id, String title, String phase, List<Ref> requires, Source source,
                   List<Change> changes, Expect expect, List<Probe> probes, String status, String note,
                   Loc loc, String checksum, List<Evidence> evidence, StatusClaim claim) {
    public Step {
        requires = List.copyOf(requires);
        changes = List.copyOf(changes);
        probes = List.copyOf(probes);
        evidence = List.copyOf(evidence);
    }

    /** A step whose status names no release (planned, or the deprecated bare done / in-progress). */
    public Step(int number, String id, String title, String phase, List<Ref> requires, Source source, List<Change> changes,
                Expect expect, List<Probe> probes, String status, String note, Loc loc, String checksum, List<Evidence> evidence) {
        this(number, id, title, phase, requires, source, changes, expect, probes, status, note, loc, checksum, evidence, null);
    }

    /**
     * {@code status: {done-in: v6.14}} or {@code {in-progress-in: v6.18.2}}: the step's status is a claim
     * about a named release, which {@code validate --kernel} checks on that release's tree. {@code status}
     * is "done" or "in-progress"; {@code loc} is the release's position.
     */
    public record StatusClaim(String status, String release, Loc loc) {}

    /** A step that declares no structural evidence. */
    public Step(int number, String id, String title, String phase, List<Ref> requires, Source source, List<Change> changes,
                Expect expect, List<Probe> probes, String status, String note, Loc loc, String checksum) {
        this(number, id, title, phase, requires, source, changes, expect, probes, status, note, loc, checksum, List.of());
    }

    /** A step id named in {@code requires}, with where it was named. */
    public record Ref(String id, Loc loc) {}

    /** Applies every change in order. Pure: {@code state} is not modified. */
    public State apply(State state) {
        State s = state.startOf();
        for (Change c : changes) s = c.apply(s);
        return s.after(this);
    }

    public List<String> requiredIds() {
        return requires.stream().map(Ref::id).toList();
    }

    /** The first 12 hex digits of the checksum, as a short id is shown. */
    public String shortChecksum() {
        return checksum.substring(0, 12);
    }
}
