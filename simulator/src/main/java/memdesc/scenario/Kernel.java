package memdesc.scenario;

import memdesc.buddy.Buddy;
import memdesc.bufferhead.BufferHeads;
import memdesc.drivers.Drivers;
import memdesc.failure.MemoryFailure;
import memdesc.kmalloc.Kmalloc;
import memdesc.lru.Lru;
import memdesc.lru.ReleasePages;
import memdesc.memcg.Memcg;
import memdesc.migrate.Compaction;
import memdesc.mlock.Mlock;
import memdesc.model.Folios;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;
import memdesc.pagecache.PageCache;
import memdesc.pagepool.PagePool;
import memdesc.pgtable.PageTables;
import memdesc.rmap.Rmap;
import memdesc.slab.Slab;
import memdesc.steps.State;
import memdesc.vmalloc.Vmalloc;
import memdesc.zsmalloc.Zsmalloc;

/**
 * One machine and every enabled user of it, wired as the kernel wires them. A user the state disables
 * is null here; the scenarios that need it are skipped.
 */
final class Kernel {
    final Machine m;
    final Buddy buddy;
    final Slab slab;
    final Folios folios;
    final Lru lru;
    final Memcg memcg;
    final PageCache pc;
    final PageTables pt;
    final Rmap rmap;
    final Mlock mlock;
    final Kmalloc kmalloc;
    final PagePool pool;
    final Zsmalloc zs;
    final BufferHeads bh;
    final Drivers drivers;
    final Vmalloc vmalloc;
    final MemoryFailure failure;
    final Compaction compaction;
    final ReleasePages release;
    final long bootFree;
    final long[] bootBlocks;
    /** Descriptor bytes at the running scenario's peak (per machine: check runs states on several threads). */
    long peakDescriptorBytes;

    Kernel(Machine m) {
        this.m = m;
        State s = m.state();
        buddy = new Buddy(m);
        buddy.bootFreeAll();
        bootFree = buddy.freePages();
        bootBlocks = buddy.freeBlocks();
        slab = new Slab(m);
        folios = new Folios(m);
        lru = on(s, "lru") ? new Lru(m, folios) : null;
        memcg = on(s, "memcg") ? new Memcg(m, folios, slab) : null;
        if (memcg != null) {
            memcg.create("root");
            memcg.create("A");
            memcg.create("B");
        }
        pc = on(s, "pagecache") && lru != null ? new PageCache(m, folios, lru, memcg, slab) : null;
        pt = on(s, "pgtable") ? new PageTables(m) : null;
        rmap = on(s, "rmap") && pt != null && lru != null ? new Rmap(m, folios, lru, memcg, pt, slab) : null;
        mlock = on(s, "mlock") && lru != null ? new Mlock(m, folios, lru) : null;
        kmalloc = on(s, "kmalloc_large") ? new Kmalloc(m, slab) : null;
        pool = on(s, "page_pool") ? new PagePool(m) : null;
        zs = on(s, "zsmalloc") ? new Zsmalloc(m, slab) : null;
        bh = on(s, "buffer_head") && pc != null ? new BufferHeads(m, folios, slab) : null;
        drivers = on(s, "amdgpu") || on(s, "drivers_private") ? new Drivers(m) : null;
        vmalloc = on(s, "vmalloc") && kmalloc != null ? new Vmalloc(m, kmalloc) : null;
        failure = new MemoryFailure(m, buddy, folios, slab, lru, pc, rmap, kmalloc, pool, zs, memcg, drivers);
        compaction = on(s, "compaction") && pc != null ? new Compaction(m, folios, lru, pc, rmap, memcg, bh, zs, failure) : null;
        release = on(s, "release_pages") && lru != null ? new ReleasePages(m, folios, lru, memcg) : null;
    }

    static boolean on(State s, String user) {
        return s.enabled(user);
    }

    /** The memcg group a scenario charges (group 1 = "A"), or 0 when memcg is off. */
    int group(int g) {
        return memcg == null ? 0 : g;
    }

    /**
     * The invariants: buddy lists well formed (and fully merged once the pcp is drained); free pages agree
     * with the owner table (free + used = total); the LRU, the page cache and the slab caches consistent;
     * and every PFN describes itself: what memory says about it matches who owns it, and page_zone() finds
     * the zone the frame is in (a user that overwrites page->flags whole loses the zone bits).
     */
    void check() {
        buddy.drainPcp();
        buddy.checkInvariants(true);
        if (buddy.freePages() != m.count(Owner.FREE))
            throw ModelFailure.of("free + used != total: the buddy allocator holds " + buddy.freePages()
                    + " free pages but " + m.count(Owner.FREE) + " frames are owned by nobody");
        long sum = 0;
        for (Owner o : Owner.values()) sum += m.count(o);
        if (sum != m.frames) throw ModelFailure.of("owned frames " + sum + " != total " + m.frames);
        if (lru != null) lru.checkInvariants();
        if (pc != null) pc.checkInvariants();
        slab.checkInvariants();
        for (long pfn = 0; pfn < m.frames; ) {
            if (buddy.isFreeHead(pfn)) {
                pfn += 1L << buddy.order(pfn);
                continue;
            }
            Machine.Zone zone = m.helpers.pageZone(m.pageAddr(pfn)), in = m.zoneOfPfn(pfn);
            if (zone != in)
                throw new ModelFailure(null, null, pfn, "page_zone() of pfn " + pfn + " reads " + zone.name() + " node " + zone.nid()
                        + " but the frame is in " + in.name() + " node " + in.nid() + ": its zone bits were overwritten");
            Owner said = failure.identify(pfn), is = m.ownerOf(pfn);
            boolean ok = said == is || (said == null && !m.memdescWorld && (is == Owner.VMALLOC || is == Owner.DRIVER));
            if (!ok)
                throw new ModelFailure(null, null, pfn, "memory is not self-describing: pfn " + pfn + " reads as "
                        + (said == null ? "undescribed kernel memory" : said.label()) + " but is owned by " + is.label());
            pfn++;
        }
    }

    /** No leak: everything a scenario allocated is back (free pages as after boot, less poisoned ones). */
    void checkClean(String scenario) {
        buddy.drainPcp();
        long expect = bootFree - m.count(Owner.HWPOISON);
        if (buddy.freePages() != expect) {
            StringBuilder who = new StringBuilder();
            for (Owner o : Owner.values())
                if (o != Owner.FREE && o != Owner.MEMMAP && o != Owner.HWPOISON && m.count(o) > 0)
                    who.append(' ').append(o.label()).append('=').append(m.count(o));
            throw ModelFailure.of("leak: " + (expect - buddy.freePages()) + " pages not returned after " + scenario + ":" + who);
        }
        for (var e : m.descs().live().entrySet())
            if (e.getValue() != 0) throw ModelFailure.of("leak: " + e.getValue() + " " + e.getKey() + " descriptors still allocated");
    }
}
