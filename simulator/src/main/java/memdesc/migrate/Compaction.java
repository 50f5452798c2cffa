package memdesc.migrate;

import memdesc.bufferhead.BufferHeads;
import memdesc.failure.MemoryFailure;
import memdesc.lru.Lru;
import memdesc.memcg.Memcg;
import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Folios;
import memdesc.model.KList;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;
import memdesc.pagecache.PageCache;
import memdesc.rmap.Rmap;
import memdesc.zsmalloc.Zsmalloc;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Compaction and migration (mm/compaction.c, mm/migrate.c): scans a PFN range, recognises movable memory
 * from the pages themselves — LRU folios, and pages with movable_ops (zsmalloc), found through
 * {@code page->mapping}'s PAGE_MAPPING_MOVABLE bit in v6.12, the page type later, the memdesc type last —
 * isolates LRU folios on its migrate list through their {@code lru}, and migrates each: a new folio, the
 * data copied, {@code mapping} and {@code index} carried over, and every reference moved: the page-cache
 * slot, the PTEs found by the rmap walk, the LRU position, the memcg charge, the buffer heads.
 */
public final class Compaction {
    private final Machine m;
    private final Folios folios;
    private final Lru lru;
    private final PageCache pc;
    private final Rmap rmap;
    private final Memcg memcg;
    private final BufferHeads bh;
    private final Zsmalloc zs;
    private final MemoryFailure identify;
    private final Binding b;
    private final Field link, mapping, index, movable;
    private final Optional<Field> flags;
    private final boolean pl;
    private final long migrateList;
    private long ptesUpdated;

    public Compaction(Machine m, Folios folios, Lru lru, PageCache pc, Rmap rmap, Memcg memcg, BufferHeads bh,
                      Zsmalloc zs, MemoryFailure identify) {
        this.m = m;
        this.folios = folios;
        this.lru = lru;
        this.pc = pc;
        this.rmap = rmap;
        this.memcg = memcg;
        this.bh = bh;
        this.zs = zs;
        this.identify = identify;
        b = m.bind("compaction");
        link = b.field("folio.lru", "page.lru");
        pl = link.name().startsWith("page.");
        mapping = b.field("folio.mapping");
        index = b.field("folio.index");
        movable = b.field("page.memdesc", "page.page_type", "page.mapping");
        flags = b.regime("the scanner skipping reserved and poisoned pages by their flags", "page.flags");
        migrateList = KList.newHead(m.mem);
    }

    /** Whether a page has movable_ops (PageMovable()), read the way the state lets compaction read it. */
    private boolean movableOps(long pfn) {
        long v = movable.get(m.pageAddr(pfn));
        return switch (movable.name()) {
            case "page.mapping" -> (v & 3) == 2;                                   // PAGE_MAPPING_MOVABLE
            // a page whose movable_ops owner is separately allocated is found through its descriptor
            case "page.page_type" -> (v >>> 24) == Machine.PGTY_zsmalloc || (zs != null && zs.movable(pfn));
            default -> "zpdesc".equals(m.typeName((int) v & 15)) || "movable".equals(m.typeName((int) v & 15));
        };
    }

    /** migrate_folio() of an isolated folio (off the LRU): returns the new folio, on the LRU. */
    public long migrate(long folio) {
        boolean anon = rmap != null && rmap.isAnon(folio);
        int order = folios.order(folio);
        long neu = folios.alloc(order, anon ? Owner.ANON : Owner.FILE);
        if (neu == 0) throw ModelFailure.of("migration: out of memory");
        long src = folios.pfn(folio), dst = folios.pfn(neu), nr = 1L << order;
        for (long i = 0; i < nr; i++)                            // copy what the model wrote
            for (long off = 0; off < 16; off += 8)
                m.mem.write64(Machine.virt(dst + i) + off, m.mem.read64(Machine.virt(src + i) + off));
        if (anon) {
            ptesUpdated += rmap.remap(folio, neu);
            int refs = folios.refcount(folio);               // the mappings' references move with the PTEs
            for (int i = 1; i < refs; i++) folios.get(neu);
            for (int i = 0; i < refs; i++) folios.put(folio);
        } else {
            mapping.set(neu, mapping.get(folio));                // folio_migrate_mapping()
            index.set(neu, index.get(folio));
            pc.replace(folio, neu);
            mapping.set(folio, 0);
            if (bh != null && bh.hasBuffers(folio)) bh.migrate(folio, neu);
            folios.put(folio);
        }
        if (memcg != null) memcg.migrate(folio, neu);
        lru.add(neu);
        if (folios.refcount(folio) != 0) throw new ModelFailure("compaction", null, src, "migrated folio still referenced");
        folios.free(folio);
        return neu;
    }

    /** Result of compacting a range. */
    public record Result(int folios, int pages, int zsPages, long ptes) {}

    /**
     * compact_zone() over [lo, hi): isolates the LRU folios found (isolate_migratepages) onto the migrate
     * list, migrates them, and migrates movable_ops pages; destinations are not scanned again.
     */
    public Result compact(long lo, long hi) {
        Set<Long> fresh = new HashSet<>();
        memdesc.buddy.Buddy bd = m.pages() instanceof memdesc.buddy.Buddy x ? x : null;
        if (bd != null) bd.drainPcp();   // drain_local_pages()
        int nf = 0, np = 0, nz = 0;
        long before = ptesUpdated;
        for (long pfn = lo; pfn < hi; pfn++) {
            if (bd != null && bd.isFreeHead(pfn)) {          // the migrate scanner skips free blocks whole
                pfn += (1L << bd.order(pfn)) - 1;
                continue;
            }
            if (flags.isPresent() && (flags.get().get(m.pageAddr(pfn)) & ((1L << Machine.PG_reserved) | (1L << Machine.PG_hwpoison))) != 0)
                continue;
            Owner o = identify.identify(pfn);
            if (o == Owner.FILE || o == Owner.ANON) {
                long folio = m.helpers.pageFolio(m.pageAddr(pfn));
                if (fresh.contains(folio) || !lru.onLru(folio)) continue;
                long first = folios.pfn(folio), nr = folios.nrPages(folio);
                lru.del(folio);                                   // isolate onto the migrate list
                KList.addTail(link, migrateList, pl ? folios.page(folio, 0) : folio);
                pfn = Math.max(pfn, first + nr - 1);
            } else if (o == Owner.ZSMALLOC && zs != null && movableOps(pfn) && !fresh.contains(pfn)) {
                fresh.add(zs.migrate(pfn));
                nz++;
            }
        }
        for (long obj; (obj = KList.first(link, migrateList)) != 0; ) {
            KList.del(link, obj);
            long folio = pl ? m.helpers.pageFolio(obj) : obj;
            np += (int) folios.nrPages(folio);
            fresh.add(migrate(folio));
            nf++;
        }
        return new Result(nf, np, nz, ptesUpdated - before);
    }
}
