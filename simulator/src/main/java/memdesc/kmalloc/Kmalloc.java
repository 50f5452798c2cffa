package memdesc.kmalloc;

import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;
import memdesc.slab.Slab;

import java.util.Optional;

/**
 * kmalloc()/kfree(), and large kmalloc (mm/slub.c): sizes above the largest kmalloc cache are compound
 * page allocations (PG_head in the head's flags) with their type in {@code page->page_type} and, if
 * accounted, the objcg in {@code memcg_data}; in the memdesc world they are Misc memdescs with the Large
 * Kmalloc subtype and the objcg in {@code page->private} "(for now)". kfree() tells slab objects and large
 * kmallocs apart from memory alone.
 */
public final class Kmalloc {
    static final long MEMCG_DATA_KMEM = 2;
    private final Machine m;
    private final Slab slab;
    private final Binding b;
    private final Field flags;
    private final Optional<Field> type, memcg;

    public Kmalloc(Machine m, Slab slab) {
        this.m = m;
        this.slab = slab;
        b = m.bind("kmalloc_large");
        flags = m.memdescWorld ? b.regime("page_to_nid() for the per-node counters, from the flags", "page.flags").orElse(null) : b.field("page.flags", "folio.flags");
        type = m.memdescWorld ? Optional.empty() : Optional.of(b.field("page.page_type"));
        memcg = b.need("the objcg an accounted large kmalloc is charged to", "page.memcg_data", "folio.memcg_data", "page.private");
    }

    /** kmalloc(size) with an optional objcg to charge (0 = not accounted). */
    public long kmalloc(long size, long objcg) {
        Slab.Cache c = slab.kmallocCache(size);
        if (c != null) return slab.alloc(c, 0);
        int order = 64 - Long.numberOfLeadingZeros(((size + 4095) >>> 12) - 1);
        long pfn = m.pages().alloc(order, Owner.KMALLOC);
        if (pfn < 0) return 0;
        m.attachMisc(b, flags, pfn, order, Machine.MISC_LARGE_KMALLOC);
        long head = m.pageAddr(pfn);
        if (flags != null && m.memdescWorld) flags.get(head);   // page_to_nid() for the per-node kmalloc counters
        type.ifPresent(f -> f.set(head, (long) Machine.PGTY_large_kmalloc << 24));
        memcg.ifPresent(f -> f.set(head, objcg == 0 ? 0 : m.memdescWorld ? objcg : objcg | MEMCG_DATA_KMEM));
        return Machine.virt(pfn);
    }

    /** Whether a page heads or is part of a large kmalloc, from memory. */
    public boolean isLarge(long pfn) {
        long head = m.helpers.compoundHead(m.pageAddr(pfn));
        if (m.memdescWorld) {
            long md = b.get("page.memdesc").get(head);
            return "misc".equals(m.typeName((int) md & 15)) && Machine.miscSubtype(md) == Machine.MISC_LARGE_KMALLOC;
        }
        return (type.get().get(head) >>> 24) == Machine.PGTY_large_kmalloc;
    }

    /** The objcg a large kmalloc is charged to (0 if none, or if the state keeps it nowhere). */
    public long objcg(long addr) {
        if (memcg.isEmpty()) return 0;
        long v = memcg.get().get(m.pageAddr(m.mem.virtToPfn(addr)));
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
        int order = m.miscOrderOf(b, flags, hpfn);
        long objcg = objcg(addr);
        memcg.ifPresent(f -> f.set(head, 0));
        type.ifPresent(f -> f.set(head, 0xffffffffL));
        m.detach(b, hpfn, 1L << order);
        m.pages().free(hpfn, order);
        return objcg;
    }

    /** The census of a large kmalloc's page: order and the objcg charged on its head, null on its tails. */
    public String census(long pfn, java.util.function.LongFunction<String> objcgName) {
        long head = m.helpers.compoundHead(m.pageAddr(pfn));
        if (m.pfn(head) != pfn) return null;
        return "kmalloc-large order=" + m.miscOrderOf(b, flags, pfn) + " objcg=" + (memcg.isEmpty() ? "dropped" : objcgName.apply(objcg(Machine.virt(pfn))));
    }

    /** Whether the state keeps a large kmalloc's objcg somewhere. */
    public boolean keepsObjcg() {
        return memcg.isPresent();
    }

}
