package memdesc.delta;

import memdesc.layout.Member;
import memdesc.layout.StructLayout;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One struct's layout before and after, in the spirit of dwarves' codiff: the size, the members that
 * were added, removed, moved, resized or retyped, and the bytes no member covers (holes and tail
 * padding) on each side.
 *
 * <p>A member is a named declaration as a user names it: anonymous structs and unions are transparent
 * ({@code page.lru}, not {@code page.<anon>.<anon>.lru}), a named struct member by value is one item
 * ({@code struct list_head lru} is 16 bytes, not {@code lru.next} and {@code lru.prev}).
 *
 * @param sizeBefore -1 when the struct does not exist before (likewise {@code sizeAfter})
 */
public record StructDelta(String name, long sizeBefore, long sizeAfter, List<Change> members,
                          List<Gap> gapsBefore, List<Gap> gapsAfter) {

    public StructDelta {
        members = List.copyOf(members);
        gapsBefore = List.copyOf(gapsBefore);
        gapsAfter = List.copyOf(gapsAfter);
    }

    /** What happened to one member. Offsets and sizes are -1 on the side where it does not exist. */
    public record Change(Kind kind, String path, String typeBefore, String typeAfter,
                         long offsetBefore, long offsetAfter, long sizeBefore, long sizeAfter) {
        public enum Kind { ADDED, REMOVED, MOVED, RESIZED, RETYPED }

        /** The offset to sort and show it by: where it is now, or where it was. */
        public long offset() {
            return offsetAfter >= 0 ? offsetAfter : offsetBefore;
        }
    }

    /** Bytes no member covers: a hole between members, or padding at the end. */
    public record Gap(long offset, long size, boolean padding) {
        public long end() {
            return offset + size;
        }
    }

    /** One named member as the delta sees it (anonymous bodies flattened; a by-value struct is one item). */
    public record Item(String path, String type, long offset, long size, int bitOffset, int bitWidth) {
        public boolean bitfield() {
            return bitWidth >= 0;
        }

        /** The first byte the member's bits touch, and one past the last. */
        public long firstByte() {
            return bitfield() ? offset + bitOffset / 8 : offset;
        }

        public long endByte() {
            return bitfield() ? offset + (bitOffset + Math.max(bitWidth, 1) + 7) / 8 : offset + size;
        }
    }

    public boolean changed() {
        return sizeBefore != sizeAfter || !members.isEmpty() || !gapsBefore.equals(gapsAfter);
    }

    public boolean added() {
        return sizeBefore < 0 && sizeAfter >= 0;
    }

    public boolean removed() {
        return sizeBefore >= 0 && sizeAfter < 0;
    }

    /** The delta of one struct; either side may be null (the struct is new, or gone). */
    public static StructDelta between(String name, StructLayout before, StructLayout after) {
        Map<String, Item> a = index(before);
        Map<String, Item> b = index(after);
        List<Change> out = new ArrayList<>();
        for (Item x : a.values()) {
            Item y = b.get(x.path());
            if (y == null) {
                out.add(new Change(Change.Kind.REMOVED, x.path(), x.type(), null, x.offset(), -1, x.size(), -1));
            } else if (!x.type().equals(y.type())) {
                out.add(new Change(Change.Kind.RETYPED, x.path(), x.type(), y.type(), x.offset(), y.offset(), x.size(), y.size()));
            } else if (x.offset() != y.offset() || x.bitOffset() != y.bitOffset()) {
                out.add(new Change(Change.Kind.MOVED, x.path(), x.type(), y.type(), x.offset(), y.offset(), x.size(), y.size()));
            } else if (x.size() != y.size() || x.bitWidth() != y.bitWidth()) {
                out.add(new Change(Change.Kind.RESIZED, x.path(), x.type(), y.type(), x.offset(), y.offset(), x.size(), y.size()));
            }
        }
        for (Item y : b.values())
            if (!a.containsKey(y.path()))
                out.add(new Change(Change.Kind.ADDED, y.path(), null, y.type(), -1, y.offset(), -1, y.size()));
        // what went first (by where it was), then what stayed but changed, then what came (by where it is)
        out.sort(Comparator.comparingInt((Change c) -> c.kind() == Change.Kind.REMOVED ? 0 : c.kind() == Change.Kind.ADDED ? 2 : 1)
                .thenComparingLong(Change::offset).thenComparing(Change::path));
        return new StructDelta(name, before == null ? -1 : before.size(), after == null ? -1 : after.size(), out,
                gaps(before), gaps(after));
    }

    /** The members of a layout by path, in declaration order (empty for null). */
    public static Map<String, Item> index(StructLayout s) {
        Map<String, Item> out = new LinkedHashMap<>();
        if (s != null) items(s, 0, "", out);
        return out;
    }

    private static void items(StructLayout s, long base, String prefix, Map<String, Item> out) {
        for (Member m : s.members()) {
            long off = base + m.offset();
            if (m.name() == null) {
                if (m.nested() != null) items(m.nested(), off, prefix, out);
            } else if (m.inlineBody()) {
                items(m.nested(), off, prefix + m.name() + ".", out);
            } else {
                out.putIfAbsent(prefix + m.name(), new Item(prefix + m.name(), m.type(), off, m.size(), m.bitOffset(), m.bitWidth()));
            }
        }
    }

    /**
     * The byte ranges no member covers. A byte is covered when any member of any union alternative
     * touches it, so a union member narrower than its union leaves no hole where a sibling covers it.
     */
    public static List<Gap> gaps(StructLayout s) {
        List<Gap> out = new ArrayList<>();
        if (s == null || s.size() <= 0) return out;
        int size = (int) Math.min(s.size(), 1 << 20);
        BitSet covered = new BitSet(size);
        for (Item i : index(s).values())
            covered.set((int) Math.min(i.firstByte(), size), (int) Math.min(i.endByte(), size));
        for (int at = covered.nextClearBit(0); at < size; ) {
            int end = covered.nextSetBit(at);
            if (end < 0) end = size;
            out.add(new Gap(at, end - at, end == size));
            at = covered.nextClearBit(end);
        }
        return out;
    }
}
