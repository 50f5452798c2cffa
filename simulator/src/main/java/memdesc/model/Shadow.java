package memdesc.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Type-confusion checker: remembers which member last wrote each 4-byte unit of simulated memory, and
 * reports a read through a different member of an overlapping union unless the kernel designs that
 * aliasing in: the same member seen through another overlay ({@code folio.lru} is {@code page.lru}),
 * the self-describing word ({@code compound_head} / {@code memdesc}) read over a list pointer whose low
 * bits the encoding tolerates, and {@code page_type} / {@code _mapcount}. Slow; on in tests.
 */
final class Shadow {
    private final Map<Long, Field> writer = new HashMap<>();
    private final Machine m;
    private ModelFailure first;

    /** Members whose bytes are list pointers: the tag words may be read over them. */
    private static final java.util.Set<String> LIST_WORDS = java.util.Set.of(
            "lru", "buddy_list", "pcp_list", "slab_list", "pt_list", "compound_head", "memdesc", "pp_magic",
            "_deferred_list");
    private static final java.util.Set<String> TAG_WORDS = java.util.Set.of("compound_head", "memdesc", "pp_magic");
    private static final java.util.Set<String> TYPE_WORDS = java.util.Set.of("page_type", "_mapcount", "__page_type", "first_obj_offset",
            "_page_type");

    /** page->mapping's low bits tag anon and movable pages: readers test them whoever wrote the word. */
    private static final java.util.Set<String> MAPPING_WORDS = java.util.Set.of("mapping", "movable_ops", "mops",
            "__page_mapping");

    private static final java.util.Set<String> COUNTERS = java.util.Set.of("_refcount", "_mapcount", "page_type", "private",
            "counters", "inuse", "objects", "pp_ref_count", "mlock_count", "first_obj_offset", "_large_mapcount",
            "_entire_mapcount", "_nr_pages_mapped", "_pincount", "_folio_nr_pages", "order", "pincount", "ptl");

    Shadow(Machine m) {
        this.m = m;
    }

    void write(long addr, int size, Field f) {
        for (long u = addr >>> 2, end = (addr + Math.max(size, 4) - 1) >>> 2; u <= end; u++) writer.put(u, f);
    }

    void read(long addr, int size, Field f) {
        for (long u = addr >>> 2, end = (addr + Math.max(size, 4) - 1) >>> 2; u <= end; u++) {
            Field w = writer.get(u);
            if (w == null || w == f || allowed(w, f)) continue;
            if (first == null) {
                long pfn = m.pfnOfAddress(addr);
                first = new ModelFailure(f.owner.user, f.name, pfn, "type confusion: " + f.owner.user + " reads "
                        + f.name + " over bytes last written as " + w.name + " by " + w.owner.user);
            }
            throw first;
        }
    }

    /** The kernel's *_MATCH asserts: descriptor members that are a struct page member under another name. */
    private static String canon(String leaf) {
        return switch (leaf) {
            case "__page_flags", "_flags", "pt_flags" -> "flags";
            case "__page_refcount" -> "_refcount";
            case "__page_type" -> "page_type";
            case "__page_mapping" -> "mapping";
            case "pt_memcg_data", "obj_exts" -> "memcg_data";
            default -> leaf;
        };
    }

    private static boolean allowed(Field w, Field r) {
        if (canon(w.leaf).equals(canon(r.leaf))) return true;
        // bitfields share their storage unit with their siblings, and struct buddy's unit is the memdesc word
        if (w.bitWidth != 0 || r.bitWidth != 0) {
            String ws = w.name.substring(0, w.name.indexOf('.')), rs = r.name.substring(0, r.name.indexOf('.'));
            if (ws.equals(rs) || w.leaf.equals("memdesc") || r.leaf.equals("memdesc")) return true;
        }
        // the tag words are designed to be read over any pointer stored there (bit 0 / the low nibble
        // tolerate aligned pointers: SLAB_MATCH(compound_head, slab_cache), pp_magic over lru, …), never
        // over a counter
        if (TAG_WORDS.contains(r.leaf) && (LIST_WORDS.contains(w.leaf) || !COUNTERS.contains(canon(w.leaf)))) return true;
        if (MAPPING_WORDS.contains(r.leaf) && (MAPPING_WORDS.contains(w.leaf) || !COUNTERS.contains(canon(w.leaf)))) return true;
        return TYPE_WORDS.contains(r.leaf) && TYPE_WORDS.contains(w.leaf);
    }

    /** Forget who wrote a frame's bytes: it went back to the allocator (the next owner initialises it). */
    void forget(long from, long len) {
        for (long u = from >>> 2, end = (from + len - 1) >>> 2; u <= end; u++) writer.remove(u);
    }
}
