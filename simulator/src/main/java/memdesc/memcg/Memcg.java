package memdesc.memcg;

import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Folios;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;
import memdesc.slab.Slab;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Memory cgroup charging (mm/memcontrol.c), each kind of memory accounted as the state says. In v6.12
 * everything goes through {@code page->memcg_data}: a folio's memcg in its head page, a slab's objcg
 * vector (tagged MEMCG_DATA_OBJEXTS) in its first page, a plain GFP_ACCOUNT page's objcg (tagged
 * MEMCG_DATA_KMEM). Fixed: {@code folio->memcg_data} (later {@code folio->memcg}), {@code slab->obj_exts},
 * and, in the 32-byte page, an Accounted memdesc pointing at the objcg. Each group's usage is a page
 * counter in its struct mem_cgroup in simulated memory.
 */
public final class Memcg implements Slab.ObjExts {
    static final long MEMCG_DATA_OBJEXTS = 1, MEMCG_DATA_KMEM = 2;
    private final Machine m;
    private final Folios folios;
    private final Binding b;
    private final Field folioMemcg, slabVec;
    private final Optional<Field> pageMemcg;
    private final boolean folioPage, slabPage;
    private final List<long[]> groups = new ArrayList<>(); // {memcg, objcg}
    private final List<String> names = new ArrayList<>();

    public Memcg(Machine m, Folios folios, Slab slab) {
        this.m = m;
        this.folios = folios;
        b = m.bind("memcg");
        folioMemcg = b.field("folio.memcg", "folio.memcg_data", "page.memcg_data");
        folioPage = folioMemcg.name().startsWith("page.");
        slabVec = b.field("slab.obj_exts", "page.memcg_data");
        slabPage = slabVec.name().startsWith("page.");
        // slab_obj_exts() reads slab->obj_exts: the page's word is the slab's only while struct slab overlays it
        if (slabPage && m.separate("slab"))
            throw new ModelFailure("memcg", slabVec.name(), -1, "memcg keeps a slab's objcg vector in page->memcg_data of its"
                    + " first page, but struct slab is separately allocated here and the slab allocator finds the vector through"
                    + " slab->obj_exts (slab_obj_exts()): memcg must be converted to slab.obj_exts");
        pageMemcg = m.memdescWorld ? Optional.empty() : b.need("the objcg a plain accounted page is charged to", "page.memcg_data");
        slab.setObjExts(this);
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
        return folioPage ? folios.page(folio, 0) : folio;
    }

    // ---- slab obj_exts, as the slab allocator asks for it
    @Override public long get(long slab, long firstPage) {
        long v = slabVec.get(slabPage ? firstPage : slab);
        return slabPage ? v & ~3L : v;
    }

    @Override public void set(long slab, long firstPage, long vector) {
        slabVec.set(slabPage ? firstPage : slab, slabPage && vector != 0 ? vector | MEMCG_DATA_OBJEXTS : vector);
    }

    /** mem_cgroup_charge(). */
    public void chargeFolio(long folio, int g) {
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
        if (m.memdescWorld) m.attach(b, pfn, 1L << order, objcg, "accounted");
        else for (long i = 0; i < (1L << order); i++) pageMemcg.orElseThrow().set(m.pageAddr(pfn + i), objcg | MEMCG_DATA_KMEM);
        usage(memcg(g), 1L << order);
        return pfn;
    }

    /** The objcg of a plain accounted page, read from memory; 0 if the page is not one. */
    public long accountedObjcg(long pfn) {
        long p = m.pageAddr(pfn);
        if (m.memdescWorld) {
            long md = b.get("page.memdesc").get(p);
            return "accounted".equals(m.typeName((int) md & 15)) ? md & ~15L : 0;
        }
        if (pageMemcg.isEmpty()) return 0;
        long v = pageMemcg.get().get(p);
        return (v & 3) == MEMCG_DATA_KMEM ? v & ~3L : 0;
    }

    public void freeAccounted(long pfn, int order) {
        long objcg = accountedObjcg(pfn);
        if (objcg == 0) throw new ModelFailure("memcg", m.memdescWorld ? "page.memdesc" : "page.memcg_data", pfn, "page is not an accounted page");
        usage(m.mem.read64(objcg), -(1L << order));
        if (m.memdescWorld) m.detach(b, pfn, 1L << order);
        else for (long i = 0; i < (1L << order); i++) pageMemcg.get().set(m.pageAddr(pfn + i), 0);
        m.pages().free(pfn, order);
    }

    /** The group whose objcg (or, with {@code memcg}, whose mem_cgroup) this address is: "-" for 0, "?" for none. */
    public String groupOf(long addr, boolean memcg) {
        if (addr == 0) return "-";
        for (int g = 0; g < groups.size(); g++) if (groups.get(g)[memcg ? 0 : 1] == addr) return names.get(g);
        return "?0x" + Long.toHexString(addr);
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
}
