package memdesc.build;

import memdesc.layout.Abi;
import memdesc.layout.StructLayout;
import memdesc.steps.Change;
import memdesc.steps.Member;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.Step;
import memdesc.steps.User;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code validate} can say about a roadmap's C text before any check runs: every struct text that
 * does not parse and lay out in a state that holds it (unbalanced braces, unknown types, a struct that
 * contains itself, ...), located at the line of the text in the roadmap; and every member a convert or a
 * user names that no definition of its struct ever has (a typo no state can satisfy).
 */
public final class CText {
    private CText() {}

    /** What {@link #check} finds: C text that fails in some state (warnings), members no definition has (errors). */
    public record Findings(List<Diagnostic> cannotBuild, List<Diagnostic> neverDefined) { }

    /** The problems, each once, in roadmap order of the states that show them first. */
    public static Findings check(Roadmap roadmap) {
        Set<String> seen = new LinkedHashSet<>();
        List<Diagnostic> out = new ArrayList<>();
        List<Diagnostic> never = new ArrayList<>();
        Map<String, List<StructLayout>> defs = new HashMap<>();
        for (State s : roadmap.states()) {
            List<Diagnostic> errs = new ArrayList<>(1);
            Map<String, StructLayout> laid = BuildCheck.layout(s, Abi.LP64, errs);
            for (Diagnostic d : errs) {
                Diagnostic w = new Diagnostic(d.loc(), d.message() + " (state " + s.index() + ", " + s.stepId() + ")");
                if (seen.add(d.toString())) out.add(w);
            }
            if (laid != null) laid.forEach((name, l) -> defs.computeIfAbsent(name, k -> new ArrayList<>()).add(l));
        }
        // a struct whose text failed somewhere may have the member in the definition that failed: no verdict
        if (!out.isEmpty()) return new Findings(out, never);
        for (Step st : roadmap.steps()) {
            for (Change c : st.changes()) {
                if (c instanceof Change.Convert cv) {
                    for (Member m : new Member[] {cv.from(), cv.to()}) {
                        if (m != null) never(defs, m, new Diagnostic(cv.loc(), ""), seen, never);
                    }
                }
            }
        }
        for (User u : roadmap.states().get(0).users().values()) {
            for (User.Access a : u.accesses()) never(defs, a.member(), new Diagnostic(a.loc(), ""), seen, never);
        }
        return new Findings(out, never);
    }

    private static void never(Map<String, List<StructLayout>> defs, Member m, Diagnostic at, Set<String> seen, List<Diagnostic> out) {
        List<StructLayout> ls = defs.get(m.struct());
        if (ls == null) return; // a struct that never lays out is reported above (or is unknown: a load error)
        for (StructLayout l : ls) if (l.find(m.path()).isPresent()) return;
        Diagnostic d = new Diagnostic(at.loc(), "no definition of 'struct " + m.struct() + "' in any state has a member named '"
                + m.path() + "'");
        if (seen.add(d.toString())) out.add(d);
    }
}
