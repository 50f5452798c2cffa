package memdesc.pagecache;

import memdesc.lru.Lru;
import memdesc.memcg.Memcg;
import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Folios;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;
import memdesc.slab.Slab;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The page cache (mm/filemap.c): folios of orders 0-9 indexed by (mapping, index), with
 * {@code mapping}/{@code index} in the folio (or the head page, as the state declares), PG_uptodate and
 * PG_dirty, the folio locked while it is inserted or removed, data written into its frames and read back
 * on lookup. The address_spaces are objects of an "inode" slab cache; each file's index is an xarray
 * in simulated memory ({@link XArray}), rooted in its inode, so every lookup, truncation and removal
 * walks memory the way filemap.c does. The set of live inodes is kept only for the invariant check.
 */
public final class PageCache {
    private final Machine m;
    private final Folios folios;
    private final Lru lru;
    private final Memcg memcg;
    private final Slab slab;
    private final Field mapping, index, flags;
    private final java.util.Optional<Field> pageMapping, pageIndex, folioPage;
    private final boolean pm, pi, pf;
    private final Slab.Cache inodes;
    private final XArray xa;
    /** Live address_spaces: for {@link #checkInvariants} only, never to decide what a lookup finds. */
    private final Set<Long> inodesLive = new LinkedHashSet<>();
    /** Where the inode object keeps i_pages (the xarray's head): our layout of the model's inode. */
    private static final int I_INO = 8, I_PAGES = 16;
    private long folioCount, files;

    public PageCache(Machine m, Folios folios, Lru lru, Memcg memcg, Slab slab) {
        this.m = m;
        this.folios = folios;
        this.lru = lru;
        this.memcg = memcg;
        this.slab = slab;
        Binding b = m.bind("pagecache");
        mapping = b.field("folio.mapping", "page.mapping");
        index = b.field("folio.index", "folio.__folio_index", "page.index");
        flags = b.field("folio.flags", "page.flags");
        pm = mapping.name().startsWith("page.");
        pi = index.name().startsWith("page.");
        pf = flags.name().startsWith("page.");
        pageMapping = pm ? java.util.Optional.empty() : b.optional("page.mapping");
        pageIndex = pi ? java.util.Optional.empty() : b.optional("page.index");
        folioPage = b.optional("folio.page");
        inodes = slab.create("inode_cache", 600, true);
        xa = new XArray(m.mem, slab);
    }

    private long base(boolean page, long folio) {
        return page ? folios.page(folio, 0) : folio;
    }

    /** The head page, as page-based callers get it: {@code &folio->page} while the state has them do it. */
    private long head(long folio) {
        return folioPage.isPresent() ? folios.folioPage(folioPage.get(), folio) : folios.page(folio, 0);
    }

    /** A new file: an inode (its address_space) from the inode cache, charged to a group. */
    public long newMapping(int group) {
        long objcg = memcg == null ? 0 : memcg.objcg(group);
        long inode = slab.alloc(inodes, objcg);
        m.mem.write64(inode + I_INO, ++files);     // i_ino: what the file's data is made from
        m.mem.write64(inode + I_PAGES, 0);        // an empty i_pages
        if (memcg != null) memcg.chargeKmem(objcg, inodes.size());
        inodesLive.add(inode);
        return inode;
    }

    /** Evicts everything and frees the inode. */
    public void deleteMapping(long as) {
        truncate(as, 0);
        if (m.mem.read64(as + I_PAGES) != 0)
            throw new ModelFailure("pagecache", null, -1, "i_pages of a truncated file is not empty");
        inodesLive.remove(as);
        long objcg = slab.free(as);
        if (memcg != null) memcg.unchargeKmem(objcg, inodes.size());
    }

    long content(long as, long index) {
        long h = m.mem.read64(as + I_INO) * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL;
        return h ^ (h >>> 29);
    }

    /** filemap_add_folio() of a new folio read from "disk"; returns the folio, 0 if out of memory. */
    public long add(long as, long idx, int order, int group) {
        if ((idx & ((1L << order) - 1)) != 0) throw new IllegalArgumentException("index not aligned to order");
        long folio = folios.alloc(order, Owner.FILE);
        if (folio == 0) return 0;
        m.helpers.lockPage(head(folio));
        mapping.set(base(pm, folio), as);
        index.set(base(pi, folio), idx);
        long pfn = folios.pfn(folio), nr = 1L << order;
        m.mem.write64(Machine.virt(pfn), content(as, idx));                 // "read" the data in
        m.mem.write64(Machine.virt(pfn + nr - 1) + 8, content(as, idx + nr - 1));
        long f = flags.get(base(pf, folio));
        flags.set(base(pf, folio), f | 1L << Machine.PG_uptodate);
        try {
            xa.store(as + I_PAGES, idx, order, folio);
        } catch (ModelFailure e) {
            throw new ModelFailure("pagecache", null, pfn, e.getMessage());
        }
        if (memcg != null) memcg.chargeFolio(folio, group);
        lru.add(folio);
        m.helpers.unlockPage(head(folio));
        folioCount++;
        return folio;
    }

    /**
     * filemap_get_folio() + read: finds the folio holding (as, idx) and checks, from memory, that it names
     * this mapping and covers the index and that its data is the file's. Returns the data word, or -1 if not cached.
     */
    public long lookup(long as, long idx) {
        long folio = xa.load(as + I_PAGES, idx);
        if (folio == 0) return -1;
        long first = index.get(base(pi, folio)), nr = folios.nrPages(folio);
        long pfn = folios.pfn(folio);
        if (mapping.get(base(pm, folio)) != as)
            throw new ModelFailure("pagecache", mapping.name(), pfn, "cached folio names mapping 0x" + Long.toHexString(mapping.get(base(pm, folio))));
        if (idx < first || idx >= first + nr || (first & (nr - 1)) != 0)
            throw new ModelFailure("pagecache", index.name(), pfn, "the xarray holds this folio at index " + idx + ", but it says index " + first
                    + " (" + nr + " pages)");
        if ((flags.get(base(pf, folio)) & (1L << Machine.PG_uptodate)) == 0)
            throw new ModelFailure("pagecache", flags.name(), pfn, "cached folio is not uptodate");
        // page-based callers (find_get_page users) still read the head page's mapping and index
        if (pageMapping.isPresent() && pageMapping.get().get(folios.page(folio, 0)) != as)
            throw new ModelFailure("pagecache", "page.mapping", pfn, "head page's mapping is not the folio's");
        if (pageIndex.isPresent() && pageIndex.get().get(folios.page(folio, 0)) != first)
            throw new ModelFailure("pagecache", "page.index", pfn, "head page's index is not the folio's");
        long data = m.mem.read64(Machine.virt(pfn));
        if (data != content(as, first))
            throw new ModelFailure("pagecache", null, pfn, "folio data is not the file's (index " + first + ")");
        lru.markReferenced(folio);
        return data ^ (idx - first);
    }

    public void markDirty(long folio) {
        flags.set(base(pf, folio), flags.get(base(pf, folio)) | 1L << Machine.PG_dirty);
    }

    public boolean dirty(long folio) {
        return (flags.get(base(pf, folio)) & (1L << Machine.PG_dirty)) != 0;
    }

    /**
     * Whether an address is one of the page cache's address_spaces: an object of the inode cache, found
     * through memory (virt_to_slab, slab->slab_cache) as the kernel would.
     */
    public boolean isMapping(long as) {
        if ((as & 7) != 0 || m.mem.virtToPfn(as) < 0) return false;
        return slab.cacheOf(as) == inodes;          // null for a page that is no slab
    }

    /** The folio caching (as, idx), or 0. */
    public long find(long as, long idx) {
        return xa.load(as + I_PAGES, idx);
    }

    /** The mapping and index a file folio says it caches. */
    public long mappingOf(long folio) {
        return mapping.get(base(pm, folio));
    }

    public long indexOf(long folio) {
        return index.get(base(pi, folio));
    }

    /**
     * __filemap_remove_folio() and the put of the cache's reference: the folio must be off the LRU
     * (isolated) or is taken off; writeback of dirty data is modelled by clearing PG_dirty.
     */
    public void remove(long folio, boolean free) {
        long pg = head(folio);
        m.helpers.lockPage(pg);
        long as = mapping.get(base(pm, folio)), idx = index.get(base(pi, folio));
        if (as == 0 || !xa.erase(as + I_PAGES, idx, folios.order(folio), folio))
            throw new ModelFailure("pagecache", mapping.name(), folios.pfn(folio), "folio is not in the page cache at its mapping/index");
        if (lru.onLru(folio)) lru.del(folio);
        mapping.set(base(pm, folio), 0);
        flags.set(base(pf, folio), flags.get(base(pf, folio)) & ~((1L << Machine.PG_dirty) | (1L << Machine.PG_uptodate)));
        m.helpers.unlockPage(pg);
        if (memcg != null) memcg.uncharge(folio);
        folioCount--;
        if (free && folios.put(folio) == 0) folios.free(folio);
    }

    /** truncate_inode_pages_range(as, from): drops every folio at or after {@code from}; returns how many. */
    public int truncate(long as, long from) {
        List<Long> doomed = new ArrayList<>();
        xa.forEach(as + I_PAGES, from, (i, f) -> doomed.add(f));
        for (long f : doomed) remove(f, true);
        return doomed.size();
    }

    /** Replaces a folio by its migrated copy in the xarray. */
    public void replace(long old, long neu) {
        long as = mapping.get(base(pm, old)), idx = index.get(base(pi, old));
        if (mapping.get(base(pm, neu)) != as || index.get(base(pi, neu)) != idx)
            throw new ModelFailure("pagecache", mapping.name(), folios.pfn(neu), "migrated folio does not carry the mapping and index");
        flags.set(base(pf, neu), flags.get(base(pf, neu)) | (flags.get(base(pf, old)) & ((1L << Machine.PG_uptodate) | (1L << Machine.PG_dirty))));
        if (!xa.replace(as + I_PAGES, idx, folios.order(old), old, neu))
            throw new ModelFailure("pagecache", mapping.name(), folios.pfn(old), "migrated folio was not in the xarray at its index");
        mapping.set(base(pm, old), 0);
    }

    public long folios() {
        return folioCount;
    }

    public long pagesOf(long as) {
        long[] n = {0};
        xa.forEach(as + I_PAGES, 0, (i, f) -> n[0] += folios.nrPages(f));
        return n[0];
    }

    /** Every cached folio names its mapping and index and is uptodate; counts agree. */
    public void checkInvariants() {
        long[] n = {0};
        for (long as : inodesLive)
            xa.forEach(as + I_PAGES, 0, (i, folio) -> {
                if (mapping.get(base(pm, folio)) != as || index.get(base(pi, folio)) != i)
                    throw new ModelFailure("pagecache", mapping.name(), folios.pfn(folio), "cached folio does not name its mapping and index");
                n[0]++;
            });
        if (n[0] != folioCount) throw new ModelFailure("pagecache", null, -1, "page cache holds " + n + " folios, counted " + folioCount);
    }
}
