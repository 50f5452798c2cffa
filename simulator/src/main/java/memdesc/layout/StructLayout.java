package memdesc.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A laid-out struct or union. {@code name} is the tag (or the typedef name of a tagless
 * typedef'd struct; null for an anonymous nested body). line/column locate the definition.
 */
public record StructLayout(String name, boolean union, long size, int align, List<Member> members, int line, int column) {
    public StructLayout {
        members = List.copyOf(members);
    }

    /**
     * Finds a member by path. Anonymous struct/union members are searched transparently;
     * named struct members are entered with dots ("lru.next", "shared.rb").
     */
    public Optional<MemberRef> find(String path) {
        String[] parts = path.split("\\.", -1);
        return find(this, parts, 0, 0, "");
    }

    private static Optional<MemberRef> find(StructLayout s, String[] parts, int k, long base, String prefix) {
        for (Member m : s.members) {
            if (m.name() == null) {
                if (m.nested() != null) {
                    Optional<MemberRef> r = find(m.nested(), parts, k, base + m.offset(), prefix);
                    if (r.isPresent()) return r;
                }
                continue;
            }
            if (!m.name().equals(parts[k])) continue;
            String path = prefix + m.name();
            if (k == parts.length - 1) return Optional.of(ref(path, m, base));
            if (m.nested() == null) return Optional.empty();
            return find(m.nested(), parts, k + 1, base + m.offset(), path + ".");
        }
        return Optional.empty();
    }

    private static MemberRef ref(String path, Member m, long base) {
        return new MemberRef(path, m.type(), base + m.offset(), m.size(), m.align(), m.bitOffset(), m.bitWidth());
    }

    /** Every named leaf (non-struct) member, depth first in declaration order, with absolute offsets. */
    public List<MemberRef> leaves() {
        List<MemberRef> out = new ArrayList<>();
        leaves(this, 0, "", out);
        return out;
    }

    private static void leaves(StructLayout s, long base, String prefix, List<MemberRef> out) {
        for (Member m : s.members) {
            String path = m.name() == null ? prefix : prefix + m.name() + ".";
            if (m.nested() != null) {
                leaves(m.nested(), base + m.offset(), path, out);
            } else if (m.name() != null) {
                out.add(ref(prefix + m.name(), m, base));
            }
        }
    }

    StructLayout renamed(String newName) {
        return new StructLayout(newName, union, size, align, members, line, column);
    }
}
