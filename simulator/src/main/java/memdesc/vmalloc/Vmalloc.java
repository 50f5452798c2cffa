package memdesc.vmalloc;

import memdesc.kmalloc.Kmalloc;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;

/**
 * vmalloc (mm/vmalloc.c): order-0 pages gathered into a virtually contiguous area; the area's
 * {@code pages} array (struct page pointers) is itself kmalloc'ed in simulated memory. In the memdesc
 * world each page says what it is with a Misc memdesc of the vmalloc subtype.
 */
public final class Vmalloc {
    private final Machine m;
    private final Kmalloc kmalloc;
    private long areas;
    private final memdesc.model.Binding b;
    private final java.util.Optional<memdesc.model.Field> ref;

    public Vmalloc(Machine m, Kmalloc kmalloc) {
        this.m = m;
        this.kmalloc = kmalloc;
        b = m.bind("vmalloc");
        ref = b.need("the page's reference count, set when the page is taken and checked when it is given back", "page._refcount");
    }

    /** An area: {pages array address, page count}. */
    public record Area(long pages, int n) {}

    public Area vmalloc(int n, long seed) {
        long arr = kmalloc.kmalloc(8L * n, 0);
        for (int i = 0; i < n; i++) {
            long pfn = m.pages().alloc(0, Owner.VMALLOC);
            if (pfn < 0) throw ModelFailure.of("vmalloc: out of memory");
            if (m.memdescWorld) m.attachMisc(b, null, pfn, 0, Machine.MISC_VMALLOC);
            m.mem.write64(arr + 8L * i, m.pageAddr(pfn));
            m.mem.write64(Machine.virt(pfn), seed + i);
        }
        areas++;
        return new Area(arr, n);
    }

    /** Reads page i through the area's pages array (vmalloc_to_page + the mapping). */
    public long read(Area a, int i) {
        long page = m.mem.read64(a.pages() + 8L * i);
        return m.mem.read64(Machine.virt(m.pfn(page)));
    }

    public void vfree(Area a) {
        for (int i = 0; i < a.n(); i++) {
            long pfn = m.pfn(m.mem.read64(a.pages() + 8L * i));
            ref.ifPresent(f -> {   // __free_page(): vmalloc holds the only reference
                if (f.get(m.pageAddr(pfn)) != 1) throw new ModelFailure("vmalloc", f.name(), pfn, "vmalloc page refcount is not 1 at vfree");
            });
            if (m.memdescWorld) m.detach(b, pfn, 1);
            m.pages().free(pfn, 0);
        }
        kmalloc.kfree(a.pages());
        areas--;
    }

    public long areas() {
        return areas;
    }
}
