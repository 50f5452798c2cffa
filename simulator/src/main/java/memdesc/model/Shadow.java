package memdesc.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Type-confusion checker: remembers which member last wrote each 4-byte unit of simulated memory, and
 * reports a read through a different member of an overlapping union unless the kernel designs that
 * aliasing in: the same member seen through another overlay ({@code folio.lru} is {@code page.lru}),
 * the self-describing word ({@code compound_head} / {@code memdesc}) read over a list pointer whose low
 * bits the encoding tolerates, and {@code page_type} / {@code _mapcount}. Slow; on in tests.
 */
final class Shadow {
    // The last writer of each 4-byte unit, as a field id, in pages of 1024 units (one 4 KiB frame of
    // address space each) made on first write and dropped when the frame is freed: a hash entry per unit
    // made the checker 25 times slower than the model, too slow for check to run it.
    private final Map<Long, int[]> pages = new HashMap<>();
    private final List<Field> byId = new ArrayList<>();
    private long lastKey = -1;
    private int[] lastPage;
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
        memmapPages = new int[(int) m.memmapFrames][];
        directPages = new int[(int) m.frames][];
        kdataPages = new int[(int) (memdesc.memory.PhysMem.KDATA_LIMIT >>> 12)][];
    }

    // The memmap, the direct map and static data (where every access lands: the counters and bitmaps the
    // allocators keep there are read between memmap accesses) are arrays indexed by frame; a hash map
    // lookup with a boxed key on each static word cost a sixth of check's time.
    private static final long MEMMAP_KEY = memdesc.memory.PhysMem.VMEMMAP >>> 12, DIRECT_KEY = memdesc.memory.PhysMem.DIRECT >>> 12,
            KDATA_KEY = memdesc.memory.PhysMem.KDATA >>> 12;
    private final int[][] memmapPages, directPages, kdataPages;
    private int slot;   // the index in the array region() returned

    /** The array that holds frame {@code key}'s units (its index in {@link #slot}), or null: the hash map does. */
    private int[][] region(long key) {
        long i;
        if ((i = key - MEMMAP_KEY) >= 0 && i < memmapPages.length) {
            slot = (int) i;
            return memmapPages;
        }
        if ((i = key - DIRECT_KEY) >= 0 && i < directPages.length) {
            slot = (int) i;
            return directPages;
        }
        if ((i = key - KDATA_KEY) >= 0 && i < kdataPages.length) {
            slot = (int) i;
            return kdataPages;
        }
        return null;
    }

    private int[] page(long key, boolean make) {
        if (key == lastKey) return lastPage;
        int[][] arr = region(key);
        int[] p = arr != null ? arr[slot] : pages.get(key);
        if (p == null) {
            if (!make) return null;
            p = new int[16];
            if (arr != null) arr[slot] = p;
            else pages.put(key, p);
        }
        lastKey = key;
        lastPage = p;
        return p;
    }

    private void put(long key, int[] p) {
        int[][] arr = region(key);
        if (arr != null) arr[slot] = p;
        else pages.put(key, p);
        lastKey = key;
        lastPage = p;
    }

    private void drop(long key) {
        int[][] arr = region(key);
        if (arr != null) arr[slot] = null;
        else pages.remove(key);
        if (key == lastKey) lastKey = -1;
    }

    // allowed() compares names; its answer for a (writer, reader) pair never changes: 1 yes, 2 no
    private byte[][] verdicts = new byte[64][];

    private boolean allowedCached(Field w, Field r) {
        if (w.id >= verdicts.length) verdicts = java.util.Arrays.copyOf(verdicts, Math.max(w.id + 1, verdicts.length * 2));
        byte[] row = verdicts[w.id];
        if (row == null || r.id >= row.length) {
            byte[] grown = new byte[Math.max(r.id + 1, row == null ? 64 : row.length * 2)];
            if (row != null) System.arraycopy(row, 0, grown, 0, row.length);
            verdicts[w.id] = row = grown;
        }
        if (row[r.id] == 0) row[r.id] = (byte) (allowed(w, r) ? 1 : 2);
        return row[r.id] == 1;
    }

    private int idOf(Field f) {
        if (f.id < byId.size() && byId.get(f.id) == f) return f.id;
        while (byId.size() <= f.id) byId.add(null);
        byId.set(f.id, f);
        return f.id;
    }

    void write(long addr, int size, Field f) {
        int id = idOf(f);
        for (long u = addr >>> 2, end = (addr + Math.max(size, 4) - 1) >>> 2; u <= end; u++) {
            int i = (int) (u & 1023);
            int[] p = page(u >>> 10, true);
            if (i >= p.length) p = grow(u >>> 10, i);
            p[i] = id;
        }
    }

    /**
     * A frame's units grow on demand: most frames are written at their first bytes only (a buddy
     * descriptor kept in the free block), and a whole 1024-unit array for each would cost 4 KiB a frame.
     */
    private int[] grow(long key, int i) {
        int[] old = page(key, false);
        int[] p = java.util.Arrays.copyOf(old, Math.min(1024, Integer.highestOneBit(i) << 1));
        put(key, p);
        return p;
    }

    void read(long addr, int size, Field f) {
        for (long u = addr >>> 2, end = (addr + Math.max(size, 4) - 1) >>> 2; u <= end; u++) {
            int[] p = page(u >>> 10, false);
            int i = (int) (u & 1023);
            int wid = p == null || i >= p.length ? 0 : p[i];
            if (wid == 0 || wid == f.id) continue;
            Field w = byId.get(wid);
            if (allowedCached(w, f)) continue;
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
        if (len <= 0) return;
        long u = from >>> 2, end = (from + len - 1) >>> 2;
        while (u <= end) {
            long key = u >>> 10, last = Math.min(end, (key << 10) | 1023);
            if ((u & 1023) == 0 && last == ((key << 10) | 1023)) {
                drop(key);
            } else {
                int[] p = page(key, false);
                int lo = (int) (u & 1023), hi = Math.min(p == null ? 0 : p.length, (int) (last & 1023) + 1);
                if (p != null && lo < hi) java.util.Arrays.fill(p, lo, hi, 0);
            }
            u = last + 1;
        }
    }
}
