package memdesc.cli;

import memdesc.steps.Change;
import memdesc.steps.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What changed inside one step between two versions of a roadmap: its keys, and changes added or removed. */
final class StepDiff {
    private StepDiff() {}

    /** One line per difference ("title: 'a' -> 'b'", "+ change: ...", "- change: ..."); none for an added or removed step. */
    static List<String> of(Step a, Step b) {
        List<String> out = new ArrayList<>();
        if (a == null || b == null) return out;
        key(out, "title", a.title(), b.title());
        key(out, "phase", a.phase(), b.phase());
        for (String r : a.requiredIds()) if (!b.requiredIds().contains(r)) out.add("- requires: " + r);
        for (String r : b.requiredIds()) if (!a.requiredIds().contains(r)) out.add("+ requires: " + r);
        key(out, "source", a.source() == null ? null : a.source().seed() + " §" + a.source().section(),
                b.source() == null ? null : b.source().seed() + " §" + b.source().section());
        key(out, "status", a.status(), b.status());
        if (!Objects.equals(a.note(), b.note())) out.add("note: changed");
        key(out, "expect", expect(a), expect(b));
        List<String> pa = a.probes().stream().map(p -> p.name() + "=" + p.regex()).toList();
        List<String> pb = b.probes().stream().map(p -> p.name() + "=" + p.regex()).toList();
        for (String p : pa) if (!pb.contains(p)) out.add("- probe: " + p);
        for (String p : pb) if (!pa.contains(p)) out.add("+ probe: " + p);
        List<String> ea = a.evidence().stream().map(memdesc.steps.Evidence::describe).toList();
        List<String> eb = b.evidence().stream().map(memdesc.steps.Evidence::describe).toList();
        for (String e : ea) if (!eb.contains(e)) out.add("- evidence: " + e);
        for (String e : eb) if (!ea.contains(e)) out.add("+ evidence: " + e);
        List<String> ca = a.changes().stream().map(Change::describe).toList();
        List<String> cb = b.changes().stream().map(Change::describe).toList();
        for (String c : ca) if (!cb.contains(c)) out.add("- change: " + c);
        for (String c : cb) if (!ca.contains(c)) out.add("+ change: " + c);
        if (out.isEmpty() && !Objects.equals(a.checksum(), b.checksum()))
            out.add(ca.equals(cb) ? "keys and changes the same, written differently (order, quoting, values the summary leaves out)"
                    : "changes: the same ones, in another order");
        return out;
    }

    /** The expect: block without its locations (they move when an earlier step is edited). */
    private static String expect(Step s) {
        if (s.expect() == null || s.expect().isEmpty()) return null;
        StringBuilder b = new StringBuilder();
        s.expect().sizes().forEach(z -> b.append(b.isEmpty() ? "" : ", ").append("sizeof ").append(z.struct()).append(" = ").append(z.bytes()));
        s.expect().matches().forEach(m -> b.append(b.isEmpty() ? "" : ", ").append(m.a()).append(" ~ ").append(m.b()));
        return b.toString();
    }

    private static void key(List<String> out, String name, Object a, Object b) {
        if (!Objects.equals(a, b)) out.add(name + ": " + show(a) + " -> " + show(b));
    }

    private static String show(Object v) {
        return v == null ? "(none)" : v instanceof String s ? "'" + s + "'" : v.toString();
    }
}
