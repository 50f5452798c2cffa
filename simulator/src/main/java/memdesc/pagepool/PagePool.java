package memdesc.pagepool;

import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;

/**
 * page_pool (net/core/page_pool.c): network buffers recycled without going back to the page allocator.
 * A pool page carries {@code pp_magic} (PP_SIGNATURE), its pool {@code pp}, its {@code dma_addr} and
 * {@code pp_ref_count} — in struct page (baseline), in the overlaid netmem_desc, or in a separately
 * allocated {@code struct bump} once the "pagepool bump allocator" is split out of struct page.
 * Released pages go to the pool's ring and are handed out again before new pages are allocated. The
 * pool is a struct in static data, ring and counters included, so what the pool does is read from memory.
 */
public final class PagePool {
    public static final long PP_SIGNATURE = 0x40;
    static final int RING = 64;

    private final Machine m;
    private final Field magic, pp, dma, ref;
    private final java.util.Optional<Field> pageRef;
    private final Binding b;
    private final boolean inPage, separate;
    /** struct page_pool: ring count, then the alloc stats (fast: from the ring; slow: from the buddy), then
     * pages handed out and not yet put back; the ring's slots from byte 64 on. */
    private final long pool;
    private static final int COUNT = 0, FAST = 8, SLOW = 16, LIVE = 24, SLOTS = 64;

    public PagePool(Machine m) {
        this.m = m;
        b = m.bind("page_pool");
        pageRef = b.need("the page's reference count, set when the page is taken and checked when it is given back", "page._refcount");
        magic = b.field("bump.pp_magic", "netmem_desc.pp_magic", "page.pp_magic");
        pp = b.field("bump.pp", "netmem_desc.pp", "page.pp");
        dma = b.field("bump.dma_addr", "netmem_desc.dma_addr", "page.dma_addr");
        ref = b.field("bump.pp_ref_count", "netmem_desc.pp_ref_count", "page.pp_ref_count");
        inPage = magic.name().startsWith("page.");
        m.requireDescriptor("page_pool", magic, "bump");
        separate = !inPage && m.separate("bump");
        pool = m.mem.kalloc(SLOTS + 8L * RING, 64);
    }

    /** The descriptor of a pool page: the page itself, or its bump found through the page. */
    public long descOf(long pfn) {
        long page = m.pageAddr(pfn);
        if (!separate) return page;
        if (m.memdescWorld) {
            long md = m.pMemdesc.get(page);
            return "bump".equals(m.typeName((int) md & 15)) ? md & ~15L : 0;
        }
        long ch = m.pCompound.get(page);
        return (ch & 1) != 0 ? ch - 1 : 0;
    }

    /** page_pool_alloc_pages(): a buffer's descriptor; recycled from the ring when possible. */
    public long alloc() {
        long desc;
        if (word(COUNT) > 0) {
            desc = pop();
            bump(FAST, 1);
            if (ref.get(desc) != 0) throw new ModelFailure("page_pool", ref.name(), pfnOf(desc), "recycled page still referenced");
        } else {
            long pfn = m.pages().alloc(0, Owner.PAGEPOOL);
            if (pfn < 0) return 0;
            desc = separate ? m.descs().alloc("bump") : m.pageAddr(pfn);
            if (separate || m.memdescWorld) m.attach(b, pfn, 1, desc, "bump");
            pageRef.ifPresent(f -> f.set(m.pageAddr(pfn), 1));
            magic.set(desc, PP_SIGNATURE);
            pp.set(desc, pool);
            dma.set(desc, 0x100000000L + (m.realPfn(pfn) << 12));  // the device's view of the page (a real PFN)
            bump(SLOW, 1);
        }
        ref.set(desc, 1);
        bump(LIVE, 1);
        return desc;
    }

    private long word(int off) {
        return m.mem.readStatic64(pool + off);
    }

    private void bump(int off, long d) {
        m.mem.writeStatic64(pool + off, word(off) + d);
    }

    private long pop() {
        long n = word(COUNT) - 1;
        m.mem.writeStatic64(pool + COUNT, n);
        return m.mem.readStatic64(pool + SLOTS + 8 * n);
    }

    /** The PFN of a pool buffer, as the driver computes it back from dma_addr. */
    public long pfnOf(long desc) {
        return m.framePfn((dma.get(desc) - 0x100000000L) >>> 12);
    }

    public void getRef(long desc) {
        ref.add(desc, 1);
    }

    /** page_pool_put_page(): at the last reference the page is recycled into the ring, or freed if it is full. */
    public void put(long desc) {
        if (magic.get(desc) != PP_SIGNATURE || pp.get(desc) != pool)
            throw new ModelFailure("page_pool", magic.name(), m.pfnOfAddress(desc), "put of a page that is not this pool's");
        long left = ref.add(desc, -1);
        if (left > 0) return;
        bump(LIVE, -1);
        long n = word(COUNT);
        if (n < RING) {
            m.mem.writeStatic64(pool + SLOTS + 8 * n, desc);
            m.mem.writeStatic64(pool + COUNT, n + 1);
            return;
        }
        release(desc);
    }

    private void release(long desc) {
        long pfn = pfnOf(desc);
        pageRef.ifPresent(f -> {
            if (f.get(m.pageAddr(pfn)) != 1) throw new ModelFailure("page_pool", f.name(), pfn, "pool page refcount is not 1 at release");
        });
        magic.set(desc, 0);
        pp.set(desc, 0);
        dma.set(desc, 0);
        if (separate || m.memdescWorld) m.detach(b, pfn, 1);
        if (separate) m.descs().free("bump", desc);
        m.pages().free(pfn, 0);
    }

    /** page_pool_destroy(): returns every ring page. */
    public void drain() {
        while (word(COUNT) > 0) release(pop());
    }

    /** Whether a page is a page_pool page, from memory (page_pool_page_is_pp()). */
    public boolean isPoolPage(long pfn) {
        if (m.memdescWorld) return "bump".equals(m.typeName((int) m.pMemdesc.get(m.pageAddr(pfn)) & 15));
        long d = descOf(pfn);
        return d != 0 && magic.get(d) == PP_SIGNATURE;
    }

    public long fromRing() {
        return word(FAST);
    }

    public long fromBuddy() {
        return word(SLOW);
    }

    public long live() {
        return word(LIVE);
    }

    public int ringSize() {
        return (int) word(COUNT);
    }
}
