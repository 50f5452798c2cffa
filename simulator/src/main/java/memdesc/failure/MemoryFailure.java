package memdesc.failure;

import memdesc.buddy.Buddy;
import memdesc.drivers.Drivers;
import memdesc.kmalloc.Kmalloc;
import memdesc.lru.Lru;
import memdesc.memcg.Memcg;
import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Folios;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;
import memdesc.pagecache.PageCache;
import memdesc.pagepool.PagePool;
import memdesc.rmap.Rmap;
import memdesc.slab.Slab;
import memdesc.zsmalloc.Zsmalloc;

/**
 * memory_failure() (mm/memory-failure.c): given any PFN, find from memory alone who owns the page and
 * as what, and act: a free page is taken off the buddy lists; a clean page-cache folio is truncated; an
 * anon folio is unmapped from every process (which would be killed); kernel memory is left alone. The
 * poisoned frame is marked (PG_hwpoison, or a HWPoison memdesc where the page has no flags) and never
 * reused. {@link #identify} is also what keeps memory self-describing: the invariants run it on every PFN.
 */
public final class MemoryFailure {
    private final Machine m;
    private final Buddy buddy;
    private final Folios folios;
    private final Slab slab;
    private final Lru lru;
    private final PageCache pc;
    private final Rmap rmap;
    private final Kmalloc kmalloc;
    private final PagePool pool;
    private final Zsmalloc zs;
    private final Memcg memcg;
    private final Field flags;
    private long poisoned;

    public MemoryFailure(Machine m, Buddy buddy, Folios folios, Slab slab, Lru lru, PageCache pc, Rmap rmap,
                         Kmalloc kmalloc, PagePool pool, Zsmalloc zs, Memcg memcg, Drivers drivers) {
        this.m = m;
        this.buddy = buddy;
        this.folios = folios;
        this.slab = slab;
        this.lru = lru;
        this.pc = pc;
        this.rmap = rmap;
        this.kmalloc = kmalloc;
        this.pool = pool;
        this.zs = zs;
        this.memcg = memcg;
        Binding b = m.state().enabled("memory_failure") ? m.bind("memory_failure") : m.core();
        flags = m.pFlags.ok() ? b.field("page.flags") : null;
    }

    private String type(long pfn) {
        String t = m.typeName((int) m.pMemdesc.get(m.pageAddr(pfn)) & 15);
        return t == null ? "unset" : t;
    }

    /**
     * Who owns the page, read from memory. Returns null for kernel memory that carries no description
     * (vmalloc and driver pages while struct page has no place to say so).
     */
    public Owner identify(long pfn) {
        long page = m.pageAddr(pfn);
        if (flags != null && (flags.get(page) & (1L << Machine.PG_hwpoison)) != 0) return Owner.HWPOISON;
        if (m.memdescWorld) return identifyMemdesc(pfn, page);
        if ((flags.get(page) & (1L << Machine.PG_reserved)) != 0) return Owner.MEMMAP;
        if (buddy.onPcp(pfn) || buddy.freeBlockOf(pfn) != null) return Owner.FREE;
        long head = m.helpers.compoundHead(page);
        if (!m.isPage(head)) {
            // a separately allocated descriptor: its cache says what it is (virt_to_cache)
            Slab.Cache c = slab.cacheOf(head);
            String n = c == null ? "?" : c.name();
            switch (n) {
                case "folio_desc": return folioOwner(head);
                case "slab_desc": return Owner.SLAB;
                case "ptdesc_desc": return Owner.PGTABLE;
                case "zpdesc_desc": return Owner.ZSMALLOC;
                case "bump_desc": return Owner.PAGEPOOL;
                default:
                    // a slab page whose struct slab is hosted in its own page
                    if (slab.slabOf(Machine.virt(pfn)) != 0) return Owner.SLAB;
                    throw new ModelFailure("memory_failure", "page.compound_head", pfn, "page points at 0x" + Long.toHexString(head) + ", which is no descriptor");
            }
        }
        int pt = (int) (m.pType.get(head) >>> 24);
        if (pt == Machine.PGTY_slab) return Owner.SLAB;
        if (pt == Machine.PGTY_table) return Owner.PGTABLE;
        if (pt == Machine.PGTY_zsmalloc || (zs != null && zs.movable(pfn))) return Owner.ZSMALLOC;
        if (pt == Machine.PGTY_large_kmalloc) return Owner.KMALLOC;
        if (pool != null && pool.isPoolPage(pfn)) return Owner.PAGEPOOL;
        if (memcg != null && memcg.accountedObjcg(pfn) != 0) return Owner.ACCOUNTED;
        return folioOwner(head);
    }

    private Owner folioOwner(long folio) {
        if (rmap != null && rmap.isAnon(folio)) return Owner.ANON;
        if (pc != null && pc.mappingOf(folio) != 0 && pc.find(pc.mappingOf(folio), pc.indexOf(folio)) == folio) return Owner.FILE;
        return null;
    }

    private Owner identifyMemdesc(long pfn, long page) {
        long md = m.pMemdesc.get(page);
        String t = type(pfn);
        if (m.isBuddyCode((int) md & 15)) return Owner.FREE;
        switch (t) {
            case "misc": {
                int sub = Machine.miscSubtype(md);
                return switch (sub) {
                    case Machine.MISC_RESERVED -> Owner.MEMMAP;
                    case Machine.MISC_BUDDY_TAIL -> Owner.FREE;
                    case Machine.MISC_LARGE_KMALLOC -> Owner.KMALLOC;
                    case Machine.MISC_VMALLOC -> Owner.VMALLOC;
                    case Machine.MISC_DRIVER -> Owner.DRIVER;
                    default -> throw new ModelFailure("memory_failure", "page.memdesc", pfn, "unknown Misc subtype " + sub);
                };
            }
            case "file": return Owner.FILE;
            case "anon": return Owner.ANON;
            case "slab": return Owner.SLAB;
            case "pagetable": return Owner.PGTABLE;
            case "zpdesc": return Owner.ZSMALLOC;
            case "bump": return Owner.PAGEPOOL;
            case "accounted": return Owner.ACCOUNTED;
            case "hwpoison": return Owner.HWPOISON;
            default: throw new ModelFailure("memory_failure", "page.memdesc", pfn, "page reads as memdesc type '" + t + "'");
        }
    }

    private void mark(long pfn) {
        long page = m.pageAddr(pfn);
        if (flags != null) flags.set(page, flags.get(page) | 1L << Machine.PG_hwpoison);
        else m.pMemdesc.set(page, m.code("hwpoison"));
        m.own(pfn, 1, Owner.HWPOISON);
        poisoned++;
    }

    /** The pages of a folio other than the poisoned one go back to the allocator one by one. */
    private void freeAllBut(long folio, long pfn) {
        long first = folios.pfn(folio), nr = folios.nrPages(folio);
        int ord = folios.order(folio);
        m.detach(first, nr);
        if (folios.separate()) m.descs().free("folio", folio);
        else {
            long f = m.core().field("folio.flags").get(folio);
            m.core().field("folio.flags").set(folio, f & ~0x3fffffL);
        }
        // split the block: hand every page but the poisoned one to the buddy allocator
        m.own(first, nr, Owner.HWPOISON);
        for (long p = first; p < first + nr; p++)
            if (p != pfn) {
                m.own(p, 1, Owner.ANON);
                m.pages().free(p, 0);
            }
        m.own(pfn, 1, Owner.FREE);
        if (ord < 0) throw new IllegalStateException();
    }

    /** memory_failure(pfn): identifies, acts, and returns the verdict (what the trace records). */
    public String inject(long pfn) {
        buddy.drainPcp();
        Owner o = identify(pfn);
        if (o != null && o != m.ownerOf(pfn) && !(o == Owner.FREE && m.ownerOf(pfn) == Owner.FREE))
            throw new ModelFailure("memory_failure", null, pfn, "memory says the page is " + o.label() + " but it is " + m.ownerOf(pfn).label());
        if (o == null) return "kernel: ignored";
        switch (o) {
            case HWPOISON:
                return "hwpoison: already poisoned";
            case FREE: {
                if (!buddy.takeOff(pfn)) throw new ModelFailure("memory_failure", null, pfn, "free page is in no free block");
                m.own(pfn, 1, Owner.FREE);
                mark(pfn);
                return "free: taken off the buddy lists";
            }
            case FILE: {
                long folio = m.helpers.pageFolio(m.pageAddr(pfn));
                if (folio == 0) folio = m.helpers.compoundHead(m.pageAddr(pfn));
                if (pc.dirty(folio)) return "file: dirty, delayed";
                pc.remove(folio, false);
                if (folios.put(folio) != 0) throw new ModelFailure("memory_failure", null, pfn, "truncated folio still referenced");
                freeAllBut(folio, pfn);
                mark(pfn);
                return "file: truncated";
            }
            case ANON: {
                long folio = m.helpers.pageFolio(m.pageAddr(pfn));
                if (folio == 0) folio = m.helpers.compoundHead(m.pageAddr(pfn));
                int n = rmap.unmapAll(folio);
                if (lru.onLru(folio)) lru.del(folio);
                if (memcg != null) memcg.uncharge(folio);
                rmap.clearMapping(folio);
                if (folios.refcount(folio) != 0) throw new ModelFailure("memory_failure", null, pfn, "unmapped anon folio still referenced");
                freeAllBut(folio, pfn);
                mark(pfn);
                return "anon: unmapped from " + n + " and killed";
            }
            default:
                return o.label() + ": kernel page, ignored";
        }
    }

    public long poisoned() {
        return poisoned;
    }
}
