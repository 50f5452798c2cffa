package memdesc.steps;

import java.util.ArrayList;
import java.util.List;

/**
 * A kernel user of struct page and its descriptors, as the model has one class for: the buddy allocator,
 * the LRU, the page cache, AMDGPU's use of {@code page->mapping}, … {@code accesses} are the members it
 * reads or writes in this state, each with where in the roadmap that access was declared or converted.
 */
public record User(String id, String file, String title, List<Access> accesses) {
    public User {
        accesses = List.copyOf(accesses);
    }

    /** A member access and the roadmap position that declared it (for build errors). */
    public record Access(Member member, Loc loc) {}

    public boolean accesses(Member m) {
        for (Access a : accesses) if (a.member().equals(m)) return true;
        return false;
    }

    public User withAccesses(List<Access> next) {
        return new User(id, file, title, next);
    }

    /** Replaces {@code from} by {@code to} (either may be null: add or drop). */
    User convert(Member from, Member to, Loc loc) {
        List<Access> next = new ArrayList<>(accesses.size() + 1);
        boolean placed = false;
        for (Access a : accesses) {
            if (from != null && a.member().equals(from)) {
                if (to != null && !placed && !accesses(to)) next.add(new Access(to, loc));
                placed = true;
            } else {
                next.add(a);
            }
        }
        if (from == null && to != null && !accesses(to)) next.add(new Access(to, loc));
        return withAccesses(next);
    }
}
