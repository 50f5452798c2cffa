package memdesc.scenario;

import memdesc.model.Helpers;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;
import memdesc.vmalloc.Vmalloc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The "helpers" scenario: every core helper on every kind of page (folio head and tail, slab, ptdesc,
 * zpdesc, bump, Misc, free), in whatever regime the state selects, with the outcomes the Path gives each
 * regime asserted: compound_head() is a BUG on a folio or slab page once it reads page->memdesc (and, read
 * from seed 001's allocator word, the folio's head page, or a page of the same slab), and
 * page_folio() is NULL on a page that is not in a folio; page_slab() finds a slab only on slab pages;
 * get_page()/put_page() and lock_page()/unlock_page() balance; page_to_nid() agrees with page_zone(), and
 * both with the zone span table. The trace holds only what every regime agrees on.
 */
final class HelpersScenario implements Scenario {
    @Override
    public String name() {
        return "helpers";
    }

    @Override
    public List<String> users() {
        return List.of("pagecache", "slab", "pgtable", "zsmalloc", "page_pool", "kmalloc_large", "vmalloc");
    }

    enum Kind { HEAD, TAIL, SLAB, PTDESC, ZPDESC, BUMP, MISC, FREE }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        Machine m = k.m;
        Helpers h = m.helpers;
        // one of each kind, and some more
        long as = k.pc.newMapping(1);
        List<Long> folioPfns = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long f = k.pc.add(as, i * 8L, 2, 1);               // order-2 folios: a head and three tails each
            folioPfns.add(k.folios.pfn(f));
        }
        List<Long> slabObjs = new ArrayList<>();
        for (int i = 0; i < 8; i++) slabObjs.add(k.slab.alloc(k.slab.kmallocCache(512), 0));
        long mm = k.pt.newMm(0);
        List<Long> tables = new ArrayList<>();
        for (int i = 0; i < 3; i++) tables.add(k.pt.alloc(mm));
        List<Long> zh = new ArrayList<>();
        for (int i = 0; i < 8; i++) zh.add(k.zs.store(i, ~i));
        List<Long> pp = new ArrayList<>();
        for (int i = 0; i < 3; i++) pp.add(k.pool.alloc());
        long large = k.kmalloc.kmalloc(16384, 0);
        Vmalloc.Area va = k.vmalloc.vmalloc(2, 3);
        long free = k.buddy.allocPages(2);
        k.buddy.freePages(free, 2);

        List<long[]> pages = new ArrayList<>();         // {pfn, kind}
        for (long f : folioPfns) {
            pages.add(new long[] {f, Kind.HEAD.ordinal()});
            for (int i = 1; i < 4; i++) pages.add(new long[] {f + i, Kind.TAIL.ordinal()});
        }
        for (long o : slabObjs) pages.add(new long[] {m.mem.virtToPfn(o), Kind.SLAB.ordinal()});
        for (long p : tables) pages.add(new long[] {p, Kind.PTDESC.ordinal()});
        for (long d : pp) pages.add(new long[] {k.pool.pfnOf(d), Kind.BUMP.ordinal()});
        long lpfn = m.mem.virtToPfn(large);
        for (int i = 0; i < 4; i++) pages.add(new long[] {lpfn + i, Kind.MISC.ordinal()});
        pages.add(new long[] {m.pfn(m.mem.read64(va.pages())), Kind.MISC.ordinal()});
        pages.add(new long[] {r.nextLong(m.memmapFrames), Kind.MISC.ordinal()});       // the memmap's own frames
        for (int i = 0; i < 4; i++) pages.add(new long[] {free + i, Kind.FREE.ordinal()});
        // zsmalloc pages: found by their owner (the handles do not name them)
        int zsFound = 0;
        for (long pfn = m.memmapFrames; pfn < m.frames && zsFound < 3; pfn++)
            if (m.ownerOf(pfn) == Owner.ZSMALLOC) {
                pages.add(new long[] {pfn, Kind.ZPDESC.ordinal()});
                zsFound++;
            }

        boolean headBugs = h.regime("compound_head").equals("memdesc");
        boolean folioNull = h.regime("page_folio").equals("memdesc") || h.regime("page_folio").equals("allocatee");
        // seed 001's allocator word keeps every buddy allocation's order: compound_head() of a folio page is its head
        boolean headFromOrder = h.regime("compound_head").equals("allocator");
        boolean lockFolioOnly = h.regime("lock_page").equals("memdesc");
        long calls = 0;
        int[] seen = new int[Kind.values().length];
        for (long[] e : pages) {
            long pfn = e[0];
            Kind kind = Kind.values()[(int) e[1]];
            seen[kind.ordinal()]++;
            long page = m.pageAddr(pfn);
            boolean folio = kind == Kind.HEAD || kind == Kind.TAIL;

            // While compound_head still encodes ownership, every page of a separately allocated folio points
            // at it with bit 0 set, head included ("all pages ... will set PageTail"): the regime says so.
            boolean tail = h.pageTail(page);
            boolean allTail = h.regime("PageTail").equals("compound_head") && m.separate("folio");
            if (folio && tail != (kind == Kind.TAIL || allTail)) fail(pfn, kind, "PageTail() is " + tail);

            long pf = h.pageFolio(page);
            if (folio && pf == 0) fail(pfn, kind, "page_folio() is NULL on a page of a folio");
            if (!folio && folioNull && pf != 0) fail(pfn, kind, "page_folio() is not NULL on a page that is in no folio");

            long slab = h.pageSlab(page);
            if ((slab != 0) != (kind == Kind.SLAB)) fail(pfn, kind, "page_slab() is " + (slab == 0 ? "NULL" : "a slab"));

            try {
                long head = h.compoundHead(page);
                if (headBugs && (folio || kind == Kind.SLAB)) fail(pfn, kind, "compound_head() returned instead of a BUG");
                if (headFromOrder && folio && pf != 0 && head != m.pageAddr(k.folios.pfn(pf)))
                    fail(pfn, kind, "compound_head() is not the folio's head page");
                if (headFromOrder && kind == Kind.SLAB && (!m.isPage(head) || h.pageSlab(head) != slab))
                    fail(pfn, kind, "compound_head() is not a page of the same slab");
                if (m.isPage(head) && !folio && kind != Kind.SLAB && h.pageTail(head))
                    fail(pfn, kind, "compound_head() returned a tail page");
            } catch (ModelFailure bug) {
                if (!(headBugs && (folio || kind == Kind.SLAB)) || !bug.getMessage().contains("BUG: compound_head()")) throw bug;
            }

            boolean buddy = h.pageBuddy(page);
            if (buddy && kind != Kind.FREE) fail(pfn, kind, "PageBuddy() on an allocated page");

            Machine.Zone z = h.pageZone(page);
            if (z != m.zoneOfPfn(pfn) || h.pageToNid(page) != z.nid()) fail(pfn, kind, "page_zone()/page_to_nid() disagree with the zone spans");

            // pages outside folios have no refcount once struct page loses _refcount
            boolean counted = folio || m.pRef.ok();
            // A page of a separately allocated slab, ptdesc, zpdesc or bump descriptor: while compound_head
            // still encodes ownership it leads to the descriptor, not to a struct page, so the page-based
            // refcount and lock are not the helpers' to take there (the model has no regime for it).
            String desc = switch (kind) {
                case SLAB -> "slab";
                case PTDESC -> "ptdesc";
                case ZPDESC -> "zpdesc";
                case BUMP -> "bump";
                default -> null;
            };
            if (desc != null && m.separate(desc) && !m.memdescWorld) counted = false;
            if (kind != Kind.FREE && counted && !(headBugs && kind == Kind.SLAB)) {
                int before = h.pageCount(page);
                h.getPage(page);
                if (h.putPage(page) != before) fail(pfn, kind, "get_page()/put_page() do not balance");
                calls += 2;
            }
            if (folio || !lockFolioOnly) {
                if (kind != Kind.FREE && (folio || counted) && !(headBugs && kind == Kind.SLAB)) {
                    h.lockPage(page);
                    if (!h.pageLocked(page)) fail(pfn, kind, "lock_page() left the page unlocked");
                    h.unlockPage(page);
                    calls += 2;
                }
            } else {
                try {
                    h.lockPage(page);
                    fail(pfn, kind, "lock_page() on a page in no folio did not refuse");
                } catch (ModelFailure refused) {
                    if (!refused.getMessage().contains("not in a folio")) throw refused;
                }
                calls++;
            }
            calls += 8;
        }
        StringBuilder b = new StringBuilder();
        for (Kind kd : Kind.values()) b.append(kd.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(seen[kd.ordinal()] > 0).append(' ');
        t.add("every kind of page met: " + b.toString().trim());

        for (long o : slabObjs) k.slab.free(o);
        for (long p : tables) k.pt.free(p);
        k.pt.freeMm(mm);
        for (long hd : zh) k.zs.free(hd);
        for (long d : pp) k.pool.put(d);
        k.pool.drain();
        k.kmalloc.kfree(large);
        k.vmalloc.vfree(va);
        k.pc.deleteMapping(as);
        return calls;
    }

    private static void fail(long pfn, Kind kind, String what) {
        throw new ModelFailure(null, null, pfn, "helpers: on a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " page, " + what);
    }
}
