package memdesc.layout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every difference between two layouts of a struct: its size, and each member's type, offset and size. */
public final class LayoutDiff {
    private LayoutDiff() { }

    /** One difference; {@code member} is null for the struct itself, a side is null where the member is absent. */
    public record Difference(String struct, String member, String what, String left, String right) {
        public String line(String leftName, String rightName) {
            if (member == null) return "struct " + struct + ": " + what + " " + left + " (" + leftName + ") vs " + right + " (" + rightName + ")";
            if (left == null) return "struct " + struct + ": member " + member + " only in " + rightName + ": " + right;
            if (right == null) return "struct " + struct + ": member " + member + " only in " + leftName + ": " + left;
            return "struct " + struct + ": member " + member + ": " + what + " " + left + " (" + leftName + ") vs " + right + " (" + rightName + ")";
        }
    }

    public static List<Difference> diff(String name, StructLayout a, StructLayout b) {
        List<Difference> out = new ArrayList<>();
        if (a.size() != b.size()) out.add(new Difference(name, null, "size", Long.toString(a.size()), Long.toString(b.size())));
        Map<String, MemberRef> la = byPath(a);
        Map<String, MemberRef> lb = byPath(b);
        for (MemberRef m : la.values()) {
            MemberRef o = lb.get(m.path());
            if (o == null) {
                out.add(new Difference(name, m.path(), "member", describe(m), null));
                continue;
            }
            if (!m.type().equals(o.type())) out.add(new Difference(name, m.path(), "type", m.type(), o.type()));
            if (m.offset() != o.offset() || m.bitOffset() != o.bitOffset()) {
                out.add(new Difference(name, m.path(), "offset", where(m), where(o)));
            }
            if (m.size() != o.size() || m.bitWidth() != o.bitWidth()) out.add(new Difference(name, m.path(), "size", size(m), size(o)));
        }
        for (MemberRef o : lb.values()) if (!la.containsKey(o.path())) out.add(new Difference(name, o.path(), "member", null, describe(o)));
        return out;
    }

    private static Map<String, MemberRef> byPath(StructLayout s) {
        Map<String, MemberRef> m = new LinkedHashMap<>();
        for (MemberRef r : s.leaves()) m.putIfAbsent(r.path(), r);
        return m;
    }

    private static String describe(MemberRef m) {
        return m.type() + " at " + where(m) + ", " + size(m);
    }

    private static String where(MemberRef m) {
        return m.bitWidth() >= 0 ? m.offset() + ":" + m.bitOffset() : Long.toString(m.offset());
    }

    private static String size(MemberRef m) {
        return m.bitWidth() >= 0 ? m.bitWidth() + " bits" : m.size() + " bytes";
    }
}
