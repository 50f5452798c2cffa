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
    private final Binding b;
    private final java.util.Optional<Field> flags, type, ref, folioPage;
    private final Field mapping, index;
    private final boolean pm, pi;
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
        b = m.bind("memory_failure");
        flags = b.regime("PG_hwpoison, the mark of a poisoned page", "page.flags");
        type = m.memdescWorld ? java.util.Optional.empty() : java.util.Optional.of(b.field("page.page_type"));
        ref = b.regime("the refcount of a kernel page it finds in use", "page._refcount");
        folioPage = b.optional("folio.page");
        mapping = b.field("folio.mapping", "page.mapping");
        index = b.field("folio.index", "page.index");
        pm = mapping.name().startsWith("page.");
        pi = index.name().startsWith("page.");
    }

    private long md(long pfn) {
        return b.get("page.memdesc").get(m.pageAddr(pfn));   // Binding memoizes the handle
    }

    private String type(long pfn) {
        String t = m.typeName((int) md(pfn) & 15);
        return t == null ? "unset" : t;
    }

    private long fb(boolean page, long folio) {
        return page ? folios.page(folio, 0) : folio;
    }

    /**
     * Who owns the page, read from memory. Returns null for kernel memory that carries no description
     * (vmalloc and driver pages while struct page has no place to say so).
     */
    public Owner identify(long pfn) {
        long page = m.pageAddr(pfn);
        if (flags.isPresent() && (flags.get().get(page) & (1L << Machine.PG_hwpoison)) != 0) return Owner.HWPOISON;
        if (m.memdescWorld) return identifyMemdesc(pfn, page);
        if ((flags.get().get(page) & (1L << Machine.PG_reserved)) != 0) return Owner.MEMMAP;
        if (buddy.freeBlockOf(pfn) != null) return Owner.FREE;   // callers drained the pcp, as shake_page() does
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
        int pt = (int) (type.get().get(head) >>> 24);
        if (pt == Machine.PGTY_slab || slab.slabOf(Machine.virt(pfn)) != 0) return Owner.SLAB;
        if (pt == Machine.PGTY_table) return Owner.PGTABLE;
        if (pt == Machine.PGTY_zsmalloc || (zs != null && zs.movable(m.pfn(head)))) return Owner.ZSMALLOC;   // PageMovable() of the head
        if (pt == Machine.PGTY_large_kmalloc) return Owner.KMALLOC;
        if (pool != null && pool.isPoolPage(pfn)) return Owner.PAGEPOOL;
        if (memcg != null && memcg.accountedObjcg(pfn) != 0) return Owner.ACCOUNTED;
        return folioOwner(head);
    }

    /** A folio's owner from its mapping: the anon tag, or a page-cache slot that holds it. */
    private Owner folioOwner(long folio) {
        long mp = mapping.get(fb(pm, folio));
        if ((mp & 1) != 0) return Owner.ANON;
        if (pc != null && mp != 0 && pc.isMapping(mp) && pc.find(mp, index.get(fb(pi, folio))) == folio) return Owner.FILE;
        return null;
    }

    private Owner identifyMemdesc(long pfn, long page) {
        long md = md(pfn);
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
                    case Machine.MISC_DRIVER, Machine.MISC_PAGES -> Owner.DRIVER;
                    default -> throw new ModelFailure("memory_failure", "page.memdesc", pfn, "unknown Misc subtype " + sub);
                };
            }
            case "file", "anon": {
                // the memdesc type says folio; the folio's mapping must agree
                Owner o = folioOwner(md & ~15L);
                if (o != (t.equals("file") ? Owner.FILE : Owner.ANON))
                    throw new ModelFailure("memory_failure", mapping.name(), pfn, "memdesc says " + t + " but the folio's mapping says "
                            + (o == null ? "neither" : o.label()));
                return o;
            }
            case "vmalloc": {
                // seed 001: every page of one vmalloc area points at the same vm_struct; it must list this page
                long vm = md & ~15L, arr = b.get("vm_struct.pages").get(vm), n = b.get("vm_struct.nr_pages").get(vm);
                for (long i = 0; i < n; i++) if (m.mem.read64(arr + 8 * i) == page) return Owner.VMALLOC;
                throw new ModelFailure("memory_failure", "vm_struct.pages", pfn, "the page's allocatee is the vm_struct at 0x"
                        + Long.toHexString(vm) + ", whose " + n + " pages do not include it");
            }
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
        if (flags.isPresent()) flags.get().set(page, flags.get().get(page) | 1L << Machine.PG_hwpoison);
        else b.get("page.memdesc").set(page, m.code("hwpoison"));
        m.own(pfn, 1, Owner.HWPOISON);
        poisoned++;
    }

    /** The pages of a folio other than the poisoned one go back to the allocator one by one. */
    private void freeAllBut(long folio, long pfn) {
        long first = folios.pfn(folio), nr = folios.nrPages(folio);
        Owner was = m.ownerOf(pfn);
        folios.dissolve(folio);
        for (long p = first; p < first + nr; p++) {
            if (p == pfn) continue;
            m.own(p, 1, was);            // each page is now an order-0 allocation of the same owner
            m.pages().free(p, 0);
        }
    }

    /** The head page as memory failure handles it: {@code &folio->page} where the state still does that. */
    private long headPage(long folio) {
        return folioPage.isPresent() ? folios.folioPage(folioPage.get(), folio) : folios.page(folio, 0);
    }

    /** memory_failure(pfn): identifies, acts, and returns the verdict (what the trace records). */
    public String inject(long pfn) {
        buddy.drainPcp();
        Owner o = identify(pfn);
        if (o != null && o != m.ownerOf(pfn) && !(o == Owner.FREE && m.ownerOf(pfn) == Owner.FREE))
            throw new ModelFailure("memory_failure", null, pfn, "memory says the page is " + o.label() + " but it is " + m.ownerOf(pfn).label());
        if (o == null) return "kernel page, ignored";
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
                if (m.helpers.pageLocked(headPage(folio))) return "file: locked, delayed";
                if (pc.dirty(folio)) return "file: dirty, delayed";
                pc.remove(folio, false);
                if (folios.put(folio) != 0) throw new ModelFailure("memory_failure", null, pfn, "truncated folio still referenced");
                freeAllBut(folio, pfn);
                mark(pfn);
                return "file: truncated";
            }
            case ANON: {
                long folio = m.helpers.pageFolio(m.pageAddr(pfn));
                headPage(folio);
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
                if (ref.isPresent() && (o == Owner.PGTABLE || o == Owner.PAGEPOOL || o == Owner.VMALLOC || o == Owner.DRIVER)
                        && ref.get().get(m.pageAddr(pfn)) < 1)
                    throw new ModelFailure("memory_failure", "page._refcount", pfn, "in-use " + o.label() + " page has refcount 0");
                return "kernel page, ignored";
        }
    }

    public long poisoned() {
        return poisoned;
    }
}
