package memdesc.memcg;

import memdesc.memory.PhysMem;
import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Folios;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;

import java.util.ArrayList;
import java.util.List;

/**
 * Memory cgroup charging (mm/memcontrol.c), each kind of memory accounted as the Path says: a folio's
 * memcg in {@code folio->memcg_data} (or {@code folio->memcg}); a slab object's objcg in the slab's
 * obj_exts vector; a plain GFP_ACCOUNT page's objcg in {@code page->memcg_data} (with MEMCG_DATA_KMEM), or
 * in the memdesc world as an Accounted memdesc pointing at the objcg. Each group's usage is a page
 * counter in its struct mem_cgroup in simulated memory.
 */
public final class Memcg {
    static final long MEMCG_DATA_KMEM = 2;
    private final Machine m;
    private final Folios folios;
    private final Field folioMemcg;
    private final boolean pageBased;
    private final Field pageMemcg;
    private final List<long[]> groups = new ArrayList<>(); // {memcg, objcg}
    private final List<String> names = new ArrayList<>();

    public Memcg(Machine m, Folios folios) {
        this.m = m;
        this.folios = folios;
        Binding b = m.bind("memcg");
        folioMemcg = b.field("folio.memcg_data", "folio.memcg", "page.memcg_data");
        pageBased = folioMemcg.name().startsWith("page.");
        pageMemcg = m.memdescWorld ? null : b.field("page.memcg_data");
    }

    /** mem_cgroup_css_alloc(): a group with its page counter and its obj_cgroup, in static data. */
    public int create(String name) {
        long memcg = m.mem.kalloc(64, 64);
        long objcg = m.mem.kalloc(32, 16);
        m.mem.write64(objcg, memcg);   // objcg->memcg
        groups.add(new long[] {memcg, objcg});
        names.add(name);
        return groups.size() - 1;
    }

    public long memcg(int g) {
        return groups.get(g)[0];
    }

    public long objcg(int g) {
        return groups.get(g)[1];
    }

    private void usage(long memcg, long delta) {
        long v = m.mem.read64(memcg) + delta;
        if (v < 0) throw ModelFailure.of("memcg usage below zero");
        m.mem.write64(memcg, v);
    }

    private void kmem(long memcg, long delta) {
        long v = m.mem.read64(memcg + 8) + delta;
        if (v < 0) throw ModelFailure.of("memcg kmem usage below zero");
        m.mem.write64(memcg + 8, v);
    }

    private long fb(long folio) {
        return pageBased ? folios.page(folio, 0) : folio;
    }

    /** mem_cgroup_charge(). */
    public void chargeFolio(long folio, int g) {
        if (folioMemcg.get(fb(folio)) != 0)
            throw new ModelFailure("memcg", folioMemcg.name(), folios.pfn(folio), "folio charged twice");
        long memcg = memcg(g);
        folioMemcg.set(fb(folio), memcg);
        usage(memcg, folios.nrPages(folio));
    }

    /** The memcg a folio is charged to, or 0. */
    public long folioMemcg(long folio) {
        return folioMemcg.get(fb(folio));
    }

    /** mem_cgroup_uncharge(); returns the memcg that was charged. */
    public long uncharge(long folio) {
        long memcg = folioMemcg.get(fb(folio));
        if (memcg != 0) {
            usage(memcg, -folios.nrPages(folio));
            folioMemcg.set(fb(folio), 0);
        }
        return memcg;
    }

    /** Moves a charge to a new folio (mem_cgroup_migrate). */
    public void migrate(long from, long to) {
        long memcg = folioMemcg.get(fb(from));
        folioMemcg.set(fb(from), 0);
        folioMemcg.set(fb(to), memcg);
    }

    /** A slab object was charged to objcg: account its bytes as kmem of the objcg's memcg. */
    public void chargeKmem(long objcg, long bytes) {
        kmem(m.mem.read64(objcg), bytes);
    }

    public void unchargeKmem(long objcg, long bytes) {
        if (objcg != 0) kmem(m.mem.read64(objcg), -bytes);
    }

    /** alloc_pages(GFP_ACCOUNT): plain pages charged to a group's objcg. */
    public long allocAccounted(int order, int g) {
        long pfn = m.pages().alloc(order, Owner.ACCOUNTED);
        if (pfn < 0) return -1;
        long objcg = objcg(g);
        if (m.memdescWorld) m.attach(pfn, 1L << order, objcg, "accounted");
        else pageMemcg.set(m.pageAddr(pfn), objcg | MEMCG_DATA_KMEM);
        usage(memcg(g), 1L << order);
        return pfn;
    }

    /** The objcg of a plain accounted page, read from memory; 0 if the page is not one. */
    public long accountedObjcg(long pfn) {
        long p = m.pageAddr(pfn);
        if (m.memdescWorld) {
            long md = m.pMemdesc.get(p);
            return "accounted".equals(m.typeName((int) md & 15)) ? md & ~15L : 0;
        }
        long v = pageMemcg.get(p);
        return (v & MEMCG_DATA_KMEM) != 0 ? v & ~3L : 0;
    }

    public void freeAccounted(long pfn, int order) {
        long objcg = accountedObjcg(pfn);
        if (objcg == 0) throw new ModelFailure("memcg", m.memdescWorld ? "page.memdesc" : "page.memcg_data", pfn, "page is not an accounted page");
        usage(m.mem.read64(objcg), -(1L << order));
        if (m.memdescWorld) m.detach(pfn, 1L << order);
        else pageMemcg.set(m.pageAddr(pfn), 0);
        m.pages().free(pfn, order);
    }

    public int groups() {
        return groups.size();
    }

    public String name(int g) {
        return names.get(g);
    }

    /** Pages charged to a group. */
    public long usagePages(int g) {
        return m.mem.read64(memcg(g));
    }

    public long kmemBytes(int g) {
        return m.mem.read64(memcg(g) + 8);
    }

    static long pageBytes() {
        return PhysMem.PAGE_SIZE;
    }
}
