package memdesc.rmap;

import memdesc.lru.Lru;
import memdesc.memcg.Memcg;
import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Folios;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;
import memdesc.pgtable.PageTables;
import memdesc.slab.Slab;

import java.util.ArrayList;
import java.util.List;

/**
 * Anonymous memory and its reverse map (mm/memory.c, mm/rmap.c): a process has an mm and one PTE table
 * (512 pages of address space); a fault allocates an anon folio whose {@code mapping} is its anon_vma
 * tagged with PAGE_MAPPING_ANON, whose {@code index} is the page offset, whose per-page {@code _mapcount}
 * counts the PTEs that map it. fork shares the folios copy-on-write; a write fault on a shared folio
 * copies it. The rmap walk (anon_vma → processes → PTEs) finds every PTE of a folio, which migration uses.
 */
public final class Rmap {
    public static final long PAGE_MAPPING_ANON = 1;

    /** A process: its mm, its PTE table's PFN, its anon_vma, its memcg. */
    public static final class Proc {
        final long mm;
        final long table;
        final long anonVma;
        final int group;

        Proc(long mm, long table, long anonVma, int group) {
            this.mm = mm;
            this.table = table;
            this.anonVma = anonVma;
            this.group = group;
        }
    }

    private final Machine m;
    private final Folios folios;
    private final Lru lru;
    private final Memcg memcg;
    private final PageTables pt;
    private final Slab slab;
    private final Slab.Cache anonVmas;
    private final Field mapping, index, mapcount;
    private final boolean pm, pi, pmc;
    private final java.util.Map<Long, List<Proc>> sharers = new java.util.HashMap<>();

    public Rmap(Machine m, Folios folios, Lru lru, Memcg memcg, PageTables pt, Slab slab) {
        this.m = m;
        this.folios = folios;
        this.lru = lru;
        this.memcg = memcg;
        this.pt = pt;
        this.slab = slab;
        Binding b = m.bind("rmap");
        mapping = b.field("folio.mapping", "page.mapping");
        index = b.field("folio.index", "folio.__folio_index", "page.index");
        mapcount = b.field("page._mapcount", "folio._mapcount");
        pm = mapping.name().startsWith("page.");
        pi = index.name().startsWith("page.");
        pmc = mapcount.name().startsWith("page.");
        anonVmas = slab.create("anon_vma", 88, false);
    }

    private long b(boolean page, long folio) {
        return page ? folios.page(folio, 0) : folio;
    }

    public Proc spawn(int group) {
        long mm = pt.newMm();
        long table = pt.alloc(mm);
        if (table < 0) throw ModelFailure.of("out of memory for a page table");
        long av = slab.alloc(anonVmas, 0);
        Proc p = new Proc(mm, table, av, group);
        sharers.computeIfAbsent(av, k -> new ArrayList<>()).add(p);
        return p;
    }

    private int mapcount(long folio) {
        return mapcount.getInt(b(pmc, folio));
    }

    private void setMapcount(long folio, int v) {
        mapcount.set(b(pmc, folio), v & 0xffffffffL);
    }

    static long content(long mm, int i) {
        long h = (mm + i) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 31);
    }

    /** do_anonymous_page(): a new anon folio mapped writable at page {@code i}. Returns false if out of memory. */
    public boolean fault(Proc p, int i) {
        if (pt.get(p.table, i) != 0) throw ModelFailure.of("fault on a mapped address");
        long folio = folios.alloc(0, Owner.ANON);
        if (folio == 0) return false;
        mapping.set(b(pm, folio), p.anonVma | PAGE_MAPPING_ANON);
        index.set(b(pi, folio), i);
        setMapcount(folio, 0);
        lru.setSwapbacked(folio);
        if (memcg != null) memcg.chargeFolio(folio, p.group);
        lru.add(folio);
        long pfn = folios.pfn(folio);
        m.mem.write64(Machine.virt(pfn), content(p.mm, i));
        pt.set(p.table, i, pfn << 12 | PageTables.PTE_PRESENT | PageTables.PTE_WRITE);
        return true;
    }

    private long folioAt(Proc p, int i) {
        long pte = pt.get(p.table, i);
        if ((pte & PageTables.PTE_PRESENT) == 0) return 0;
        long folio = m.helpers.pageFolio(m.pageAddr(pte >>> 12));
        if (folio == 0) throw new ModelFailure("rmap", null, pte >>> 12, "PTE maps a page that is not in a folio");
        long mp = mapping.get(b(pm, folio));
        if ((mp & PAGE_MAPPING_ANON) == 0 || (mp & ~3L) != p.anonVma)
            throw new ModelFailure("rmap", mapping.name(), pte >>> 12, "mapped anon folio does not name the process's anon_vma");
        return folio;
    }

    /** Reads the data of page i (the first word), or 0 if unmapped. */
    public long read(Proc p, int i) {
        long pte = pt.get(p.table, i);
        return (pte & 1) == 0 ? 0 : m.mem.read64(Machine.virt(pte >>> 12));
    }

    /** dup_mmap(): the child shares every anon folio copy-on-write; both PTEs lose write permission. */
    public Proc fork(Proc parent) {
        long mm = pt.newMm();
        long table = pt.alloc(mm);
        Proc c = new Proc(mm, table, parent.anonVma, parent.group);
        sharers.get(parent.anonVma).add(c);
        for (int i = 0; i < PageTables.PTRS; i++) {
            long pte = pt.get(parent.table, i);
            if ((pte & 1) == 0) continue;
            long folio = folioAt(parent, i);
            setMapcount(folio, mapcount(folio) + 1);
            folios.get(folio);
            pt.set(parent.table, i, pte & ~PageTables.PTE_WRITE);
            pt.set(table, i, pte & ~PageTables.PTE_WRITE);
        }
        return c;
    }

    /** do_wp_page(): copy if shared, else reuse. Returns true if it copied. */
    public boolean writeFault(Proc p, int i, long value) {
        long pte = pt.get(p.table, i);
        long folio = folioAt(p, i);
        boolean copied = false;
        if (mapcount(folio) > 0) {
            long neu = folios.alloc(0, Owner.ANON);
            if (neu == 0) throw ModelFailure.of("out of memory in COW");
            mapping.set(b(pm, neu), p.anonVma | PAGE_MAPPING_ANON);
            index.set(b(pi, neu), i);
            setMapcount(neu, 0);
            lru.setSwapbacked(neu);
            if (memcg != null) memcg.chargeFolio(neu, p.group);
            lru.add(neu);
            long npfn = folios.pfn(neu);
            m.mem.write64(Machine.virt(npfn), m.mem.read64(Machine.virt(pte >>> 12)));
            pt.set(p.table, i, npfn << 12 | PageTables.PTE_PRESENT | PageTables.PTE_WRITE);
            dropMapping(folio);
            copied = true;
        } else {
            pt.set(p.table, i, pte | PageTables.PTE_WRITE);
        }
        long now = pt.get(p.table, i);
        m.mem.write64(Machine.virt(now >>> 12), value);
        return copied;
    }

    private void dropMapping(long folio) {
        int mc = mapcount(folio) - 1;
        setMapcount(folio, mc);
        if (mc < -1) throw new ModelFailure("rmap", mapcount.name(), folios.pfn(folio), "mapcount below -1");
        if (folios.put(folio) == 0) {
            if (mc != -1) throw new ModelFailure("rmap", mapcount.name(), folios.pfn(folio), "freeing a folio still mapped " + (mc + 1) + " times");
            if (lru.onLru(folio)) lru.del(folio);
            if (memcg != null) memcg.uncharge(folio);
            mapping.set(b(pm, folio), 0);
            folios.free(folio);
        }
    }

    /** exit_mmap(): unmaps everything, frees the page table and, with the last sharer, the anon_vma. */
    public void exit(Proc p) {
        for (int i = 0; i < PageTables.PTRS; i++) {
            long folio = folioAt(p, i);
            if (folio == 0) continue;
            pt.set(p.table, i, 0);
            dropMapping(folio);
        }
        pt.free(p.table);
        List<Proc> s = sharers.get(p.anonVma);
        s.remove(p);
        if (s.isEmpty()) {
            sharers.remove(p.anonVma);
            slab.free(p.anonVma);
        }
    }

    /** The PFN page i of a process maps, or -1. */
    public long pfnAt(Proc p, int i) {
        long pte = pt.get(p.table, i);
        return (pte & 1) == 0 ? -1 : pte >>> 12;
    }

    /** Pages mapped in a process. */
    public int mapped(Proc p) {
        int n = 0;
        for (int i = 0; i < PageTables.PTRS; i++) if ((pt.get(p.table, i) & 1) != 0) n++;
        return n;
    }

    public int mapcountOf(long folio) {
        return mapcount(folio) + 1;
    }

    public boolean isAnon(long folio) {
        return (mapping.get(b(pm, folio)) & PAGE_MAPPING_ANON) != 0;
    }

    /**
     * The rmap walk: every PTE that maps the folio (anon_vma → its processes → their PTEs), rewritten to
     * map {@code newPfn} instead (migration's remove_migration_ptes). Returns how many PTEs it updated.
     */
    public int remap(long folio, long newFolio) {
        long av = mapping.get(b(pm, folio)) & ~3L;
        long old = folios.pfn(folio), neu = folios.pfn(newFolio);
        int n = 0;
        for (Proc p : sharers.getOrDefault(av, List.of()))
            for (int i = 0; i < PageTables.PTRS; i++) {
                long pte = pt.get(p.table, i);
                if ((pte & 1) != 0 && (pte >>> 12) == old) {
                    pt.set(p.table, i, neu << 12 | (pte & 0xfff));
                    n++;
                }
            }
        if (n != mapcount(folio) + 1)
            throw new ModelFailure("rmap", mapcount.name(), old, "rmap walk found " + n + " PTEs but mapcount says " + (mapcount(folio) + 1));
        mapping.set(b(pm, newFolio), mapping.get(b(pm, folio)));
        index.set(b(pi, newFolio), index.get(b(pi, folio)));
        setMapcount(newFolio, mapcount(folio));
        mapping.set(b(pm, folio), 0);
        setMapcount(folio, -1);
        return n;
    }

    /** Unmaps a poisoned anon folio everywhere (memory failure kills its users); returns PTEs cleared. */
    public int unmapAll(long folio) {
        long av = mapping.get(b(pm, folio)) & ~3L;
        long pfn = folios.pfn(folio);
        int n = 0;
        for (Proc p : sharers.getOrDefault(av, List.of()))
            for (int i = 0; i < PageTables.PTRS; i++) {
                long pte = pt.get(p.table, i);
                if ((pte & 1) != 0 && (pte >>> 12) == pfn) {
                    pt.set(p.table, i, 0);
                    setMapcount(folio, mapcount(folio) - 1);
                    folios.put(folio);
                    n++;
                }
            }
        return n;
    }

    public void clearMapping(long folio) {
        mapping.set(b(pm, folio), 0);
    }
}
