package memdesc.verify;

import memdesc.steps.Roadmap;
import memdesc.steps.Step;

import java.util.ArrayList;
import java.util.List;

/** Reordered, trimmed or extended copies of a roadmap, for bisect's repairs and for deps and independence. */
public final class Mutations {
    private Mutations() {}

    /** The roadmap with exactly these steps, renumbered in the order given. */
    public static Roadmap withSteps(Roadmap roadmap, List<Step> steps) {
        List<Step> renumbered = new ArrayList<>(steps.size());
        int n = 1;
        for (Step s : steps)
            renumbered.add(new Step(n++, s.id(), s.title(), s.phase(), s.requires(), s.source(), s.changes(), s.expect(),
                    s.probes(), s.status(), s.note(), s.loc(), s.checksum()));
        return new Roadmap(roadmap.name(), roadmap.file(), roadmap.phases(), roadmap.baseline(), renumbered,
                roadmap.baselineTitle(), roadmap.baselineSource());
    }
}
