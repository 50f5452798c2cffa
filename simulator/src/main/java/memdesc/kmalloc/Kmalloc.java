package memdesc.kmalloc;

import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;
import memdesc.slab.Slab;

/**
 * kmalloc()/kfree(), and large kmalloc (mm/slub.c): sizes above the largest kmalloc cache are compound
 * page allocations with their type in {@code page->page_type} and, if accounted, the objcg in
 * {@code page->memcg_data}; in the memdesc world they are Misc memdescs with the Large Kmalloc subtype
 * and the objcg in {@code page->private} ("for now"). kfree() tells the two apart from memory alone.
 */
public final class Kmalloc {
    static final long MEMCG_DATA_KMEM = 2;
    private final Machine m;
    private final Slab slab;
    private final Field type, memcg;
    private long large;

    public Kmalloc(Machine m, Slab slab) {
        this.m = m;
        this.slab = slab;
        Binding b = m.bind("kmalloc_large");
        type = m.memdescWorld ? null : b.field("page.page_type");
        memcg = m.memdescWorld ? b.field("page.private") : b.field("page.memcg_data");
    }

    /** kmalloc(size) with an optional objcg to charge (0 = not accounted). */
    public long kmalloc(long size, long objcg) {
        Slab.Cache c = slab.kmallocCache(size);
        if (c != null) return slab.alloc(c, 0);
        int order = 64 - Long.numberOfLeadingZeros(((size + 4095) >>> 12) - 1);
        long pfn = m.pages().alloc(order, Owner.KMALLOC);
        if (pfn < 0) return 0;
        m.attachMisc(pfn, order, Machine.MISC_LARGE_KMALLOC);
        long head = m.pageAddr(pfn);
        if (type != null) type.set(head, (long) Machine.PGTY_large_kmalloc << 24);
        memcg.set(head, objcg == 0 ? 0 : m.memdescWorld ? objcg : objcg | MEMCG_DATA_KMEM);
        large++;
        return Machine.virt(pfn);
    }

    /** Whether a page heads or is part of a large kmalloc, from memory. */
    public boolean isLarge(long pfn) {
        long head = m.helpers.compoundHead(m.pageAddr(pfn));
        if (m.memdescWorld) {
            long md = m.pMemdesc.get(head);
            return "misc".equals(m.typeName((int) md & 15)) && Machine.miscSubtype(md) == Machine.MISC_LARGE_KMALLOC;
        }
        return (type.get(head) >>> 24) == Machine.PGTY_large_kmalloc;
    }

    /** The objcg a large kmalloc is charged to. */
    public long objcg(long addr) {
        long v = memcg.get(m.pageAddr(m.mem.virtToPfn(addr)));
        return m.memdescWorld ? v : v & ~3L;
    }

    /** kfree(): a slab object, or a large kmalloc. Returns the objcg that was charged (0 if none). */
    public long kfree(long addr) {
        long pfn = m.mem.virtToPfn(addr);
        if (slab.slabOf(addr) != 0) return slab.free(addr);
        if (!isLarge(pfn)) throw new ModelFailure("kmalloc_large", null, pfn, "kfree of memory that is neither slab nor large kmalloc");
        long head = m.helpers.compoundHead(m.pageAddr(pfn));
        long hpfn = m.pfn(head);
        if (hpfn != pfn || Machine.virt(hpfn) != addr) throw new ModelFailure("kmalloc_large", null, pfn, "kfree of an address inside a large kmalloc");
        int order = m.miscOrderOf(hpfn);
        long objcg = objcg(addr);
        memcg.set(head, 0);
        if (type != null) type.set(head, 0xffffffffL);
        m.detach(hpfn, 1L << order);
        m.pages().free(hpfn, order);
        large--;
        return objcg;
    }

    public long largeLive() {
        return large;
    }
}
