package memdesc.lru;

import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Folios;
import memdesc.model.KList;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;

/**
 * The LRU lists (mm/swap.c, mm/vmscan.c): inactive/active anon and file, and unevictable, linked
 * through {@code page->lru} or {@code folio->lru} — whichever the state declares for the LRU — with
 * PG_lru, PG_active and PG_unevictable in the flags. A page-based user works on the head page and finds
 * the folio again with page_folio().
 */
public final class Lru {
    public static final int INACTIVE_ANON = 0, ACTIVE_ANON = 1, INACTIVE_FILE = 2, ACTIVE_FILE = 3, UNEVICTABLE = 4;
    static final String[] NAMES = {"inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable"};

    private final Machine m;
    private final Folios folios;
    private final Field link, flags;
    private final boolean pageLink, pageFlags;
    private final long[] heads = new long[5];
    private final long counts;              // lruvec's nr_pages per list: five words in static data
    private final java.util.Optional<Field> nodeFlags;

    public Lru(Machine m, Folios folios) {
        this.m = m;
        this.folios = folios;
        Binding b = m.bind("lru");
        link = b.field("folio.lru", "page.lru");
        flags = b.field("folio.flags", "page.flags");
        pageLink = link.name().startsWith("page.");
        pageFlags = flags.name().startsWith("page.");
        nodeFlags = b.regime("folio_nid(): the lruvec's node from the head page's flags", "page.flags");
        for (int i = 0; i < 5; i++) heads[i] = KList.newHead(m.mem);
        counts = m.mem.kalloc(8 * 5, 8);
    }

    /** folio_nid(): the node of the folio's lruvec, from the head page's flags where the page has them. */
    private int nid(long folio) {
        if (nodeFlags.isPresent()) return (int) (nodeFlags.get().get(folios.page(folio, 0)) >>> 56) & 0x3f;
        return m.helpers.pageToNid(folios.page(folio, 0));
    }

    private long lbase(long folio) {
        return pageLink ? folios.page(folio, 0) : folio;
    }

    private long fbase(long folio) {
        return pageFlags ? folios.page(folio, 0) : folio;
    }

    private long folioOf(long obj) {
        return pageLink ? m.helpers.pageFolio(obj) : obj;
    }

    private boolean test(long folio, int bit) {
        return (flags.get(fbase(folio)) & (1L << bit)) != 0;
    }

    private void setBit(long folio, int bit, boolean on) {
        long f = flags.get(fbase(folio));
        flags.set(fbase(folio), on ? f | 1L << bit : f & ~(1L << bit));
    }

    /** Which list a folio belongs on from its flags: unevictable, else anon (swapbacked) or file, active or not. */
    private int listOf(long folio) {
        if (test(folio, Machine.PG_unevictable)) return UNEVICTABLE;
        int base = test(folio, Machine.PG_swapbacked) ? INACTIVE_ANON : INACTIVE_FILE;
        return base + (test(folio, Machine.PG_active) ? 1 : 0);
    }

    /** The folio's flags word as the LRU reads it (the census reports its PG_* bits). */
    public long flagsWord(long folio) {
        return flags.get(fbase(folio));
    }

    public boolean onLru(long folio) {
        return test(folio, Machine.PG_lru);
    }

    /** folio_add_lru(). */
    public void add(long folio) {
        if (onLru(folio)) throw new ModelFailure("lru", flags.name(), folios.pfn(folio), "folio added to an LRU list twice");
        int l = listOf(folio);
        if (nid(folio) < 0) throw new ModelFailure("lru", null, folios.pfn(folio), "folio on no node");
        // the unevictable "list" is not linked: mlock_count overlays lru.prev there (v6.12)
        if (l != UNEVICTABLE) KList.addHead(link, heads[l], lbase(folio));
        setBit(folio, Machine.PG_lru, true);
        m.mem.writeStatic64(counts + 8L * l, pages(l) + folios.nrPages(folio));
    }

    /** lruvec_del_folio(). */
    public void del(long folio) {
        if (!onLru(folio)) throw new ModelFailure("lru", flags.name(), folios.pfn(folio), "folio is not on an LRU list");
        int l = listOf(folio);
        if (l != UNEVICTABLE) KList.del(link, lbase(folio));
        setBit(folio, Machine.PG_lru, false);
        m.mem.writeStatic64(counts + 8L * l, pages(l) - folios.nrPages(folio));
    }

    /** folio_rotate_reclaimable(): to the tail of its list, to be reclaimed first. */
    public void rotate(long folio) {
        int l = listOf(folio);
        if (l == UNEVICTABLE) return;
        KList.del(link, lbase(folio));
        KList.addTail(link, heads[l], lbase(folio));
    }

    /** folio_activate(): from the inactive to the active list. */
    public void activate(long folio) {
        if (test(folio, Machine.PG_active) || test(folio, Machine.PG_unevictable)) return;
        del(folio);
        setBit(folio, Machine.PG_active, true);
        add(folio);
    }

    public void deactivate(long folio) {
        if (!test(folio, Machine.PG_active)) return;
        del(folio);
        setBit(folio, Machine.PG_active, false);
        add(folio);
    }

    public void markReferenced(long folio) {
        setBit(folio, Machine.PG_referenced, true);
    }

    /** Move between evictable and unevictable (mlock). */
    public void setUnevictable(long folio, boolean on) {
        boolean was = onLru(folio);
        if (was) del(folio);
        setBit(folio, Machine.PG_unevictable, on);
        if (was) add(folio);
    }

    public void setSwapbacked(long folio) {
        setBit(folio, Machine.PG_swapbacked, true);
    }

    /**
     * shrink_inactive_list(), one pass: isolates up to {@code n} folios from the tail of the inactive list;
     * referenced ones get a second chance (activated); the rest are returned isolated (off the LRU).
     */
    public long[] isolateForReclaim(boolean file, int n) {
        int l = file ? INACTIVE_FILE : INACTIVE_ANON;
        long[] out = new long[n];
        int k = 0, scanned = 0;
        long limit = pages(l);
        while (k < n && scanned++ < limit) {
            long obj = KList.last(link, heads[l]);
            if (obj == 0) break;
            long folio = folioOf(obj);
            if (test(folio, Machine.PG_referenced)) {
                setBit(folio, Machine.PG_referenced, false);
                activate(folio);
                continue;
            }
            del(folio);
            out[k++] = folio;
        }
        return java.util.Arrays.copyOf(out, k);
    }

    public long pages(int list) {
        return m.mem.readStatic64(counts + 8L * list);
    }

    public String listName(int l) {
        return NAMES[l];
    }

    /** Folios on a list, head first. */
    public long[] folios(int list) {
        long[] objs = KList.walk(link, heads[list]);
        for (int i = 0; i < objs.length; i++) objs[i] = folioOf(objs[i]);
        return objs;
    }

    /** Every list well formed; every folio on it has PG_lru and belongs on that list; page counts agree. */
    public void checkInvariants() {
        for (int l = 0; l < UNEVICTABLE; l++) {
            long pages = 0;
            for (long folio : folios(l)) {
                if (!onLru(folio)) throw new ModelFailure("lru", flags.name(), folios.pfn(folio), "folio on " + NAMES[l] + " without PG_lru");
                if (listOf(folio) != l)
                    throw new ModelFailure("lru", flags.name(), folios.pfn(folio), "folio on " + NAMES[l] + " whose flags say " + NAMES[listOf(folio)]);
                pages += folios.nrPages(folio);
            }
            if (pages != pages(l)) throw new ModelFailure("lru", null, -1, NAMES[l] + " holds " + pages + " pages, counted " + pages(l));
        }
    }
}
