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
    /** The census lines taken at the running scenario's peaks (see {@link #census()}). */
    final java.util.List<String> censusLines = new java.util.ArrayList<>();
    /** Descriptor bytes at the running scenario's peak (per machine: check runs states on several threads). */
    long peakDescriptorBytes;

    /** The invariants at a scenario's peak, noting the descriptor memory in use then and taking a census. */
    void peak() {
        peakDescriptorBytes = Math.max(peakDescriptorBytes, m.descriptorBytes());
        check();
        censusLines.add("census at peak " + (1 + censusLines.stream().filter(l -> l.startsWith("census at peak")).count()));
        censusLines.addAll(census());
    }

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
        for (var e : m.bindings().entrySet()) {
            java.util.List<String> lost = e.getValue().lost();
            if (!lost.isEmpty())
                throw new ModelFailure(e.getKey(), null, -1, "user '" + e.getKey() + "' no longer builds: it needs " + lost.get(0)
                        + ", which this state does not declare for it; a step must convert the access to where that behaviour"
                        + " goes, or drop it with a reason (drop: {users, access, behaviour, reason})");
        }
    }

    /**
     * The census: what a kernel walker reads from simulated memory at every PFN, through this state's own
     * helpers and users' bindings. Free blocks and the memmap are left out (their extent legitimately
     * differs between states: struct page shrinks), and so are the pages of the descriptor caches. Tail
     * pages are not listed but checked: page_folio() of each must reach its head. PFNs and addresses differ
     * between states, so the records carry none (groups and files by name, a mapping by its inode number);
     * equal records are counted, and each line names the first PFN it was read at (after " @pfn "), which
     * the comparison with the baseline ignores but a mismatch reports. Zone and node are checked against
     * the frame's place in the machine by {@link #check()} (where a block lands legitimately differs).
     */
    java.util.List<String> census() {
        buddy.drainPcp();
        java.util.TreeMap<String, long[]> recs = new java.util.TreeMap<>();
        for (long pfn = 0; pfn < m.frames; ) {
            if (buddy.isFreeHead(pfn)) {
                pfn += 1L << buddy.order(pfn);
                continue;
            }
            Owner o = failure.identify(pfn);
            String r = o == Owner.FREE || o == Owner.MEMMAP ? null : record(pfn, o);
            if (r != null) {
                long[] c = recs.computeIfAbsent(r, x -> new long[] {0, -1});
                if (c[0]++ == 0) c[1] = pfn;
            }
            pfn++;
        }
        java.util.List<String> out = new java.util.ArrayList<>(recs.size() + 4);
        if (memcg == null && m.state().users().containsKey("memcg")) out.add(RunResult.MEMCG_DROPPED);
        if (memcg != null)
            for (int g = 0; g < memcg.groups(); g++)
                out.add("census memcg " + memcg.name(g) + ": " + memcg.usagePages(g) + " pages, kmem " + memcg.kmemBytes(g) + " bytes");
        recs.forEach((r, c) -> out.add("census " + c[0] + " x " + r + CENSUS_PFN + m.shownPfn(c[1])));
        return out;
    }

    /** Separates a census record from the PFN it was first read at (not compared). */
    static final String CENSUS_PFN = " @pfn ";

    private String record(long pfn, Owner o) {
        long page = m.pageAddr(pfn);
        // a page with no descriptor (vmalloc, a driver's, a raw alloc_pages()): in v6.12 a walker cannot tell
        // them apart (no type, no mapping), the memdesc world calls them Misc; the census reads them as one
        if (o == null || o == Owner.VMALLOC || o == Owner.DRIVER) return "plain kernel page";
        switch (o) {
            case FILE, ANON -> {
                long folio = m.helpers.pageFolio(page);
                if (folio == 0) throw new ModelFailure(null, null, pfn, "page_folio() of a " + o.label() + " page is NULL");
                long head = folios.pfn(folio);
                if (head != pfn) {
                    if (pfn < head || pfn >= head + folios.nrPages(folio))
                        throw new ModelFailure(null, null, pfn, "page_folio() of a tail page reaches a folio that does not cover it");
                    return null;
                }
                StringBuilder b = new StringBuilder(o == Owner.FILE ? "folio file" : "folio anon");
                b.append(" order=").append(folios.order(folio)).append(" ref=").append(folios.refcount(folio));
                if (rmap != null && o == Owner.ANON) b.append(" mapcount=").append(rmap.mapcount(folio));   // file folios are never mapped here
                if (lru != null) {
                    long f = lru.flagsWord(folio);
                    b.append(" flags=");
                    int[] bits = {Machine.PG_locked, Machine.PG_referenced, Machine.PG_uptodate, Machine.PG_dirty, Machine.PG_lru,
                            Machine.PG_active, Machine.PG_private, Machine.PG_swapbacked, Machine.PG_unevictable, Machine.PG_mlocked};
                    String[] names = {"locked", "referenced", "uptodate", "dirty", "lru", "active", "private", "swapbacked",
                            "unevictable", "mlocked"};
                    for (int i = 0; i < bits.length; i++) if ((f & (1L << bits[i])) != 0) b.append(names[i]).append(',');
                    if (mlock != null && (f & (1L << Machine.PG_mlocked)) != 0) b.append(" mlock_count=").append(mlock.countOf(folio));
                }
                // a disabled user's part of the walker's view is not there to compare (developer preview)
                b.append(" memcg=").append(memcg != null ? memcg.groupOf(memcg.folioMemcg(folio), true) : "dropped");
                if (o == Owner.FILE && pc != null) {
                    long as = pc.mappingOf(folio);
                    b.append(" file=").append(m.mem.read64(as + 8)).append(" index=").append(pc.indexOf(folio));
                }
                if (o == Owner.ANON && rmap != null) b.append(" index=").append(rmap.anonIndex(folio));
                return b.toString();
            }
            case SLAB -> {
                return slab.census(pfn);
            }
            case KMALLOC -> {
                return kmalloc == null ? "kmalloc-large" : kmalloc.census(pfn, a -> memcg == null ? "dropped" : memcg.groupOf(a, false));
            }
            case ACCOUNTED -> {
                return "accounted objcg=" + (memcg == null ? "dropped" : memcg.groupOf(memcg.accountedObjcg(pfn), false));
            }
            default -> {
                return o.label();
            }
        }
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
                throw new ModelFailure(null, null, pfn, "page_zone() of pfn " + m.shownPfn(pfn) + " reads " + zone.name() + " node " + zone.nid()
                        + " but the frame is in " + in.name() + " node " + in.nid() + ": its zone bits were overwritten");
            Owner said = failure.identify(pfn), is = m.ownerOf(pfn);
            boolean ok = said == is || (said == null && !m.memdescWorld && (is == Owner.VMALLOC || is == Owner.DRIVER));
            if (!ok)
                throw new ModelFailure(null, null, pfn, "memory is not self-describing: pfn " + m.shownPfn(pfn) + " reads as "
                        + (said == null ? "undescribed kernel memory" : said.label()) + " but is owned by " + is.label());
            pfn++;
        }
    }

    /** No leak: everything a scenario allocated is back (free pages as after boot, less poisoned ones). */
    void checkClean(String scenario) {
        if (slab != null) slab.shrinkAll();   // the cpu partial lists' empty slabs, as drain_all_pages() does the pcp lists
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
