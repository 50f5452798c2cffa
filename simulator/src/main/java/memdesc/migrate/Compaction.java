package memdesc.migrate;

import memdesc.bufferhead.BufferHeads;
import memdesc.failure.MemoryFailure;
import memdesc.lru.Lru;
import memdesc.memcg.Memcg;
import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Folios;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;
import memdesc.pagecache.PageCache;
import memdesc.rmap.Rmap;
import memdesc.zsmalloc.Zsmalloc;

import java.util.HashSet;
import java.util.Set;

/**
 * Compaction and migration (mm/compaction.c, mm/migrate.c): scans a PFN range, recognises movable memory
 * from the pages themselves — LRU folios (PG_lru) and pages with movable_ops (zsmalloc) — and migrates
 * each: a new folio, the data copied, and every reference moved: the page-cache slot, the PTEs found by
 * the rmap walk, the LRU position, the memcg charge, the buffer heads.
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
    private final Field flags;
    private final boolean pf;
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
        Binding b = m.bind("compaction");
        flags = b.field("folio.flags", "page.flags");
        pf = flags.name().startsWith("page.");
    }

    private boolean lruFolio(long folio) {
        return (flags.get(pf ? folios.page(folio, 0) : folio) & (1L << Machine.PG_lru)) != 0;
    }

    /** migrate_folio(): returns the new folio. */
    public long migrate(long folio) {
        boolean anon = rmap != null && rmap.isAnon(folio);
        int order = folios.order(folio);
        long neu = folios.alloc(order, anon ? Owner.ANON : Owner.FILE);
        if (neu == 0) throw ModelFailure.of("migration: out of memory");
        lru.del(folio);                                          // isolate
        long src = folios.pfn(folio), dst = folios.pfn(neu), nr = 1L << order;
        for (long i = 0; i < nr; i++)                            // copy what the model wrote
            for (long off = 0; off < 16; off += 8)
                m.mem.write64(Machine.virt(dst + i) + off, m.mem.read64(Machine.virt(src + i) + off));
        if (anon) {
            lru.setSwapbacked(neu);
            ptesUpdated += rmap.remap(folio, neu);
            // the mappings' references move with the PTEs
            int refs = folios.refcount(folio);
            for (int i = 1; i < refs; i++) folios.get(neu);
            for (int i = 0; i < refs; i++) folios.put(folio);
        } else {
            pc.replace(folio, neu);
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
     * compact_zone() over [lo, hi): every movable page found in the range is migrated once (destinations
     * allocated during the run are not scanned again).
     */
    public Result compact(long lo, long hi) {
        Set<Long> fresh = new HashSet<>();
        int nf = 0, np = 0, nz = 0;
        long before = ptesUpdated;
        for (long pfn = lo; pfn < hi; pfn++) {
            Owner o = identify.identify(pfn);
            if (o == Owner.FILE || o == Owner.ANON) {
                long folio = m.helpers.pageFolio(m.pageAddr(pfn));
                if (folio == 0) folio = m.helpers.compoundHead(m.pageAddr(pfn));
                if (fresh.contains(folio) || !lruFolio(folio)) continue;
                long first = folios.pfn(folio);
                long nr = folios.nrPages(folio);
                fresh.add(migrate(folio));
                nf++;
                np += (int) nr;
                pfn = Math.max(pfn, first + nr - 1);
            } else if (o == Owner.ZSMALLOC && zs != null && zs.movable(pfn) && !fresh.contains(pfn)) {
                fresh.add(zs.migrate(pfn));
                nz++;
            }
        }
        return new Result(nf, np, nz, ptesUpdated - before);
    }
}
