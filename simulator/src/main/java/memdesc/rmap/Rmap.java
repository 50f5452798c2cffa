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
import java.util.Optional;

/**
 * Anonymous memory and its reverse map (mm/memory.c, mm/rmap.c): a process has an mm and one PTE table
 * (512 pages); a fault maps a new anon folio (order 0, or an order-2 mTHP over four PTEs) whose
 * {@code mapping} is the anon_vma tagged PAGE_MAPPING_ANON and whose {@code index} is the page offset.
 * Mapcounts live where the state keeps them: per page ({@code page->_mapcount}), per large folio
 * ({@code _large_mapcount}, {@code _entire_mapcount}), or in the separately allocated folio
 * ({@code folio->_mapcount}). fork shares folios copy-on-write; a write fault on a shared page copies it.
 * The rmap walk (anon_vma → processes → PTEs) finds every PTE of a folio, which migration uses.
 */
public final class Rmap {
    public static final long PAGE_MAPPING_ANON = 1;

    /** A process: its mm, its PTE table's PFN, its anon_vma, its memcg. */
    public static final class Proc {
        final long mm;
        final long table;
        final long anonVma;
        final int group;
        final int id;

        Proc(long mm, long table, long anonVma, int group, int id) {
            this.mm = mm;
            this.table = table;
            this.anonVma = anonVma;
            this.group = group;
            this.id = id;
        }
    }

    private final Machine m;
    private final Folios folios;
    private final Lru lru;
    private final Memcg memcg;
    private final PageTables pt;
    private final Slab slab;
    private final Slab.Cache anonVmas;
    private final Field mapping, index, flags;
    private final Optional<Field> pageMc, largeMc, entireMc, folioMc;
    private final boolean pm, pi;
    /** anon_vma_chain: {next, mm, page table pfn}, one per process sharing an anon_vma, listed from the
     * anon_vma's first two words (first, last), so the rmap walk finds its PTEs from memory alone. */
    private final Slab.Cache chains;
    private static final int AV_FIRST = 0, AV_LAST = 8, AVC_NEXT = 0, AVC_MM = 8, AVC_TABLE = 16;
    private int procs;

    public Rmap(Machine m, Folios folios, Lru lru, Memcg memcg, PageTables pt, Slab slab) {
        this.m = m;
        this.folios = folios;
        this.lru = lru;
        this.memcg = memcg;
        this.pt = pt;
        this.slab = slab;
        Binding b = m.bind("rmap");
        mapping = b.field("folio.mapping", "page.mapping");
        index = b.field("folio.index", "page.index");
        flags = b.field("folio.flags", "page.flags");
        pageMc = b.optional("page._mapcount");
        largeMc = b.optional("folio._large_mapcount");
        entireMc = b.optional("folio._entire_mapcount");
        folioMc = b.optional("folio._mapcount");
        if (pageMc.isEmpty() && folioMc.isEmpty())
            b.field("page._mapcount", "folio._mapcount"); // reported on first use
        pm = mapping.name().startsWith("page.");
        pi = index.name().startsWith("page.");
        anonVmas = slab.create("anon_vma", 88, false);
        chains = slab.create("anon_vma_chain", 32, false);
    }

    /** anon_vma_chain_link(): the process's mm and page table join the anon_vma's chain, at its end. */
    private void link(long av, long mm, long table) {
        long c = slab.alloc(chains, 0);
        m.mem.write64(c + AVC_NEXT, 0);
        m.mem.write64(c + AVC_MM, mm);
        m.mem.write64(c + AVC_TABLE, m.realPfn(table));   // the page table's frame, as a PFN
        long last = m.mem.read64(av + AV_LAST);
        if (last != 0) m.mem.write64(last + AVC_NEXT, c);
        else m.mem.write64(av + AV_FIRST, c);
        m.mem.write64(av + AV_LAST, c);
    }

    /** Unlinks the mm's chain entry; returns whether the anon_vma has sharers left. */
    private boolean unlink(long av, long mm) {
        long prev = 0;
        for (long c = m.mem.read64(av + AV_FIRST); c != 0; prev = c, c = m.mem.read64(c + AVC_NEXT)) {
            if (m.mem.read64(c + AVC_MM) != mm) continue;
            long next = m.mem.read64(c + AVC_NEXT);
            if (prev != 0) m.mem.write64(prev + AVC_NEXT, next);
            else m.mem.write64(av + AV_FIRST, next);
            if (next == 0) m.mem.write64(av + AV_LAST, prev);
            slab.free(c);
            return m.mem.read64(av + AV_FIRST) != 0;
        }
        throw new ModelFailure("rmap", null, m.pfnOfAddress(av), "exit of a process its anon_vma does not chain");
    }

    /** The page tables of every process sharing the anon_vma, read along its chain. */
    private long[] tables(long av) {
        long[] out = new long[4];
        int n = 0;
        for (long c = av == 0 ? 0 : m.mem.read64(av + AV_FIRST); c != 0; c = m.mem.read64(c + AVC_NEXT)) {
            if (n == out.length) out = java.util.Arrays.copyOf(out, n * 2);
            out[n++] = m.framePfn(m.mem.read64(c + AVC_TABLE));
            if (n > m.frames) throw ModelFailure.of("anon_vma chain loops");
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private long b(boolean page, long folio) {
        return page ? folios.page(folio, 0) : folio;
    }

    public Proc spawn(int group) {
        long mm = pt.newMm(memcg == null ? 0 : memcg.objcg(group));
        long table = pt.alloc(mm);
        long av = slab.alloc(anonVmas, 0);
        m.mem.write64(av + AV_FIRST, 0);
        m.mem.write64(av + AV_LAST, 0);
        Proc p = new Proc(mm, table, av, group, ++procs);
        link(av, mm, table);
        return p;
    }

    // ---------------------------------------------------------------- mapcounts

    private boolean large(long folio) {
        return folios.order(folio) > 0;
    }

    /** folio_mapcount(): how many PTEs map the folio. */
    public int mapcount(long folio) {
        if (folioMc.isPresent()) return folioMc.get().getInt(folio) + 1;
        if (large(folio)) return largeMc.orElseThrow().getInt(folio) + 1 + entireMc.map(f -> f.getInt(folio) + 1).orElse(0);
        return pageMc.get().getInt(folios.page(folio, 0)) + 1;
    }

    /** folio_add_new_anon_rmap(): the folio's counters start at "unmapped". */
    private void newAnon(long folio, long anonVma, long idx) {
        mapping.set(b(pm, folio), anonVma | PAGE_MAPPING_ANON);
        index.set(b(pi, folio), idx);
        flags.set(folio, flags.get(folio) | 1L << Machine.PG_swapbacked);
        folioMc.ifPresent(f -> f.set(folio, 0xffffffffL));
        if (large(folio) && folioMc.isEmpty()) {
            largeMc.orElseThrow().set(folio, 0xffffffffL);
            entireMc.ifPresent(f -> f.set(folio, 0xffffffffL));
        }
    }

    private void map(long folio, long pageIdx) {
        pageMc.ifPresent(f -> f.addInt(folios.page(folio, pageIdx), 1));
        if (folioMc.isPresent()) folioMc.get().addInt(folio, 1);
        else if (large(folio)) largeMc.get().addInt(folio, 1);
    }

    private void unmap(long folio, long pageIdx) {
        pageMc.ifPresent(f -> {
            if (f.addInt(folios.page(folio, pageIdx), -1) < -1)
                throw new ModelFailure("rmap", f.name(), folios.pfn(folio) + pageIdx, "page mapcount below -1");
        });
        if (folioMc.isPresent()) folioMc.get().addInt(folio, -1);
        else if (large(folio)) largeMc.get().addInt(folio, -1);
    }

    static long content(long mm, int i) {
        long h = (mm + i) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 31);
    }

    private long newFolio(Proc p, int order, long idx) {
        long folio = folios.alloc(order, Owner.ANON);
        if (folio == 0) throw ModelFailure.of("out of memory for anon memory");
        newAnon(folio, p.anonVma, idx);
        if (memcg != null) memcg.chargeFolio(folio, p.group);
        lru.add(folio);
        for (int i = 1; i < (1 << order); i++) folios.get(folio);  // one reference per PTE
        return folio;
    }

    /** do_anonymous_page(): a new anon folio mapped writable at page {@code i}; order 2 maps i..i+3. */
    public void fault(Proc p, int i, int order) {
        long folio = newFolio(p, order, i);
        long pfn = folios.pfn(folio);
        for (int k = 0; k < (1 << order); k++) {
            if (pt.get(p.table, i + k) != 0) throw ModelFailure.of("fault on a mapped address");
            m.mem.write64(Machine.virt(pfn + k), content(p.id, i + k));
            pt.set(p.table, i + k, m.realPfn(pfn + k) << 12 | PageTables.PTE_PRESENT | PageTables.PTE_WRITE);
            map(folio, k);
        }
    }

    public void fault(Proc p, int i) {
        fault(p, i, 0);
    }

    private long folioAt(Proc p, int i) {
        long pte = pt.get(p.table, i);
        if ((pte & PageTables.PTE_PRESENT) == 0) return 0;
        long folio = m.helpers.pageFolio(m.pageAddr(frame(pte)));
        if (folio == 0) throw new ModelFailure("rmap", null, frame(pte), "PTE maps a page that is not in a folio");
        long mp = mapping.get(b(pm, folio));
        if ((mp & PAGE_MAPPING_ANON) == 0 || (mp & ~3L) != p.anonVma)
            throw new ModelFailure("rmap", mapping.name(), frame(pte), "mapped anon folio does not name the process's anon_vma");
        return folio;
    }

    /** The frame a present PTE maps: PTEs hold real PFNs. */
    private long frame(long pte) {
        return m.framePfn(pte >>> 12);
    }

    /** Reads the data of page i (the first word), or 0 if unmapped. */
    public long read(Proc p, int i) {
        long pte = pt.get(p.table, i);
        return (pte & 1) == 0 ? 0 : m.mem.read64(Machine.virt(frame(pte)));
    }

    /** The PFN page i of a process maps, or -1. */
    public long pfnAt(Proc p, int i) {
        long pte = pt.get(p.table, i);
        return (pte & 1) == 0 ? -1 : frame(pte);
    }

    /** dup_mmap(): the child shares every anon folio copy-on-write; both PTEs lose write permission. */
    public Proc fork(Proc parent) {
        long mm = pt.newMm(memcg == null ? 0 : memcg.objcg(parent.group));
        long table = pt.alloc(mm);
        Proc c = new Proc(mm, table, parent.anonVma, parent.group, ++procs);
        link(parent.anonVma, mm, table);
        for (int i = 0; i < PageTables.PTRS; i++) {
            long pte = pt.get(parent.table, i);
            if ((pte & 1) == 0) continue;
            long folio = folioAt(parent, i);
            map(folio, frame(pte) - folios.pfn(folio));
            folios.get(folio);
            pt.set(parent.table, i, pte & ~PageTables.PTE_WRITE);
            pt.set(table, i, pte & ~PageTables.PTE_WRITE);
        }
        return c;
    }

    /** do_wp_page(): copy the page if its folio is mapped elsewhere, else reuse. Returns true if it copied. */
    public boolean writeFault(Proc p, int i, long value) {
        long pte = pt.get(p.table, i);
        long folio = folioAt(p, i);
        boolean copied = false;
        if (mapcount(folio) > mappedBy(p, folio)) {
            long neu = newFolio(p, 0, i);
            long npfn = folios.pfn(neu);
            m.mem.write64(Machine.virt(npfn), m.mem.read64(Machine.virt(frame(pte))));
            pt.set(p.table, i, m.realPfn(npfn) << 12 | PageTables.PTE_PRESENT | PageTables.PTE_WRITE);
            map(neu, 0);
            dropMapping(folio, frame(pte) - folios.pfn(folio));
            copied = true;
        } else {
            pt.set(p.table, i, pte | PageTables.PTE_WRITE);
        }
        long now = pt.get(p.table, i);
        m.mem.write64(Machine.virt(frame(now)), value);
        return copied;
    }

    /** How many of this process's PTEs map the folio: more mappings than these means it is shared. */
    private int mappedBy(Proc p, long folio) {
        long first = folios.pfn(folio), nr = folios.nrPages(folio);
        int n = 0;
        for (int i = 0; i < PageTables.PTRS; i++) {
            long pte = pt.get(p.table, i);
            if ((pte & 1) != 0 && frame(pte) >= first && frame(pte) < first + nr) n++;
        }
        return n;
    }

    private void dropMapping(long folio, long pageIdx) {
        unmap(folio, pageIdx);
        if (folios.put(folio) == 0) {
            if (mapcount(folio) != 0)
                throw new ModelFailure("rmap", null, folios.pfn(folio), "freeing a folio still mapped " + mapcount(folio) + " times");
            if (lru.onLru(folio)) lru.del(folio);
            if (memcg != null) memcg.uncharge(folio);
            mapping.set(b(pm, folio), 0);
            folios.free(folio);
        }
    }

    /** exit_mmap(): unmaps everything, frees the page tables and, with the last sharer, the anon_vma. */
    public void exit(Proc p) {
        for (int i = 0; i < PageTables.PTRS; i++) {
            long folio = folioAt(p, i);
            if (folio == 0) continue;
            long pfn = pfnAt(p, i);
            pt.set(p.table, i, 0);
            dropMapping(folio, pfn - folios.pfn(folio));
        }
        pt.free(p.table);
        pt.freeMm(p.mm);
        if (!unlink(p.anonVma, p.mm)) slab.free(p.anonVma);
    }

    /** Pages mapped in a process. */
    public int mapped(Proc p) {
        int n = 0;
        for (int i = 0; i < PageTables.PTRS; i++) if ((pt.get(p.table, i) & 1) != 0) n++;
        return n;
    }

    public boolean isAnon(long folio) {
        return (mapping.get(b(pm, folio)) & PAGE_MAPPING_ANON) != 0;
    }

    public long anonIndex(long folio) {
        return index.get(b(pi, folio));
    }

    /**
     * The rmap walk: every PTE that maps the folio (anon_vma → its processes → their PTEs), rewritten to
     * map the new folio's pages (remove_migration_ptes); counters move with them. Returns PTEs updated.
     */
    public int remap(long folio, long newFolio) {
        long mp = mapping.get(b(pm, folio));
        long old = folios.pfn(folio), neu = folios.pfn(newFolio), nr = folios.nrPages(folio);
        newAnon(newFolio, mp & ~3L, index.get(b(pi, folio)));
        int n = 0;
        for (long table : tables(mp & ~3L))
            for (int i = 0; i < PageTables.PTRS; i++) {
                long pte = pt.get(table, i);
                long pfn = (pte & 1) == 0 ? -1 : frame(pte);
                if ((pte & 1) != 0 && pfn >= old && pfn < old + nr) {
                    pt.set(table, i, m.realPfn(neu + pfn - old) << 12 | (pte & 0xfff));
                    map(newFolio, pfn - old);
                    unmap(folio, pfn - old);
                    n++;
                }
            }
        if (mapcount(folio) != 0)
            throw new ModelFailure("rmap", null, old, "rmap walk found " + n + " PTEs but the folio is still mapped " + mapcount(folio) + " times");
        mapping.set(b(pm, folio), 0);
        return n;
    }

    /** Unmaps a poisoned anon folio everywhere (memory failure kills its users); returns PTEs cleared. */
    public int unmapAll(long folio) {
        long av = mapping.get(b(pm, folio)) & ~3L;
        long pfn = folios.pfn(folio), nr = folios.nrPages(folio);
        int n = 0;
        for (long table : tables(av))
            for (int i = 0; i < PageTables.PTRS; i++) {
                long pte = pt.get(table, i);
                if ((pte & 1) != 0 && frame(pte) >= pfn && frame(pte) < pfn + nr) {
                    pt.set(table, i, 0);
                    unmap(folio, frame(pte) - pfn);
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
