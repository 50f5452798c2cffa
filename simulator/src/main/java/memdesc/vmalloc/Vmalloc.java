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
    private final memdesc.model.Field vmPages, vmNr;     // null while pages carry no vm_struct

    public Vmalloc(Machine m, Kmalloc kmalloc) {
        this.m = m;
        this.kmalloc = kmalloc;
        b = m.bind("vmalloc");
        ref = b.need("the page's reference count, set when the page is taken and checked when it is given back", "page._refcount");
        vmPages = b.optional("vm_struct.pages").orElse(null);
        vmNr = vmPages == null ? null : b.field("vm_struct.nr_pages");
    }

    /** An area: {pages array address, page count, its struct vm_struct or 0}. */
    public record Area(long pages, int n, long vm) {}

    /** Whether the pages of an area point at its vm_struct (the state declares it). */
    public boolean shared() {
        return vmPages != null;
    }

    public Area vmalloc(int n, long seed) {
        long arr = kmalloc.kmalloc(8L * n, 0);
        long vm = 0;
        if (vmPages != null) {
            // a descriptor cache of the model's (the census leaves those out): the kernel kmallocs its
            // vm_struct in every state, but the baseline's model keeps none, so a kmalloc would show
            vm = m.descs().alloc("vm_struct");
            vmPages.set(vm, arr);
            vmNr.set(vm, n);
        }
        for (int i = 0; i < n; i++) {
            long pfn = m.pages().alloc(0, Owner.VMALLOC);
            if (pfn < 0) throw ModelFailure.of("vmalloc: out of memory");
            if (vm != 0) b.get("page.memdesc").set(m.pageAddr(pfn), vm | m.code("vmalloc"));   // vmalloc's own write, no fallback
            else if (m.memdescWorld) m.attachMisc(b, null, pfn, 0, Machine.MISC_VMALLOC);
            m.mem.write64(arr + 8L * i, m.pageAddr(pfn));
            m.mem.write64(Machine.virt(pfn), seed + i);
        }
        areas++;
        return new Area(arr, n, vm);
    }

    /** The pages array of an area: through its vm_struct where the pages point at one. */
    private long pagesOf(Area a) {
        return a.vm() != 0 ? vmPages.get(a.vm()) : a.pages();
    }

    /** Reads page i through the area's pages array (vmalloc_to_page + the mapping). */
    public long read(Area a, int i) {
        long page = m.mem.read64(pagesOf(a) + 8L * i);
        return m.mem.read64(Machine.virt(m.pfn(page)));
    }

    /** The vm_struct's pages array and page count, read from memory: {pages, nr_pages}. */
    public long[] area(long vm) {
        return new long[] {vmPages.get(vm), vmNr.get(vm)};
    }

    public void vfree(Area a) {
        long arr = pagesOf(a);
        int n = a.vm() != 0 ? (int) vmNr.get(a.vm()) : a.n();
        for (int i = 0; i < n; i++) {
            long pfn = m.pfn(m.mem.read64(arr + 8L * i));
            ref.ifPresent(f -> {   // __free_page(): vmalloc holds the only reference
                if (f.get(m.pageAddr(pfn)) != 1) throw new ModelFailure("vmalloc", f.name(), pfn, "vmalloc page refcount is not 1 at vfree");
            });
            if (m.memdescWorld) m.detach(b, pfn, 1);
            m.pages().free(pfn, 0);
        }
        kmalloc.kfree(arr);
        if (a.vm() != 0) m.descs().free("vm_struct", a.vm());
        areas--;
    }

    public long areas() {
        return areas;
    }
}
