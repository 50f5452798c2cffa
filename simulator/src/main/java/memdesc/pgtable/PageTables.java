package memdesc.pgtable;

import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.KList;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;

import java.util.Optional;

/**
 * Page tables (mm/memory.c, mm/pgtable-generic.c): every page-table page has a {@code struct ptdesc},
 * overlaid on the page or separately allocated. An mm's top-level table is on the global pgd_list through
 * {@code pt_list}; its PTE tables are deposited in a chain through {@code pmd_huge_pte} (as THP deposits
 * them). The ptdesc holds the mm ({@code pt_mm}), the split PTE lock ({@code ptl}) and the memcg
 * ({@code pt_memcg_data}); the page type, flags and refcount are in the ptdesc while it overlays the page
 * and in the page once it is separate. Entries are real 8-byte PTEs in the table's frame.
 */
public final class PageTables {
    public static final long PTE_PRESENT = 1, PTE_WRITE = 2;
    public static final int PTRS = 512;

    private final Machine m;
    private final Binding b;
    private final boolean separate;
    private final Field mm, ptl, list, deposit, memcg;
    private final Optional<Field> type, flags, ref;
    private final long pgdList;

    public PageTables(Machine m) {
        this.m = m;
        b = m.bind("pgtable");
        separate = m.separate("ptdesc");
        type = m.memdescWorld ? Optional.empty() : b.regime("the page type that says a page is a page table", "ptdesc.__page_type", "page.page_type");
        flags = b.regime("ptdesc_nid(): the node from the flags", "ptdesc.__page_flags", "page.flags");
        ref = b.need("the page's reference count, set when the page is taken and checked when it is given back", "ptdesc.__page_refcount", "page._refcount");
        mm = b.field("ptdesc.pt_mm");
        ptl = b.field("ptdesc.ptl");
        list = b.field("ptdesc.pt_list");
        deposit = b.field("ptdesc.pmd_huge_pte");
        memcg = b.field("ptdesc.pt_memcg_data");
        pgdList = KList.newHead(m.mem);
    }

    private long base(Field f, long pfn, long desc) {
        return f.name().startsWith("page.") ? m.pageAddr(pfn) : desc;
    }

    /** The ptdesc of a page-table page, from its struct page. */
    public long ptdesc(long pfn) {
        long page = m.pageAddr(pfn);
        if (!separate) return page;
        if (m.memdescWorld) {
            long md = b.get("page.memdesc").get(page);
            if (!"pagetable".equals(m.typeName((int) md & 15)))
                throw new ModelFailure("pgtable", "page.memdesc", pfn, "page is not a page table (memdesc type " + m.typeName((int) md & 15) + ")");
            return md & ~15L;
        }
        long ch = m.pCompound.get(page);
        if ((ch & 1) == 0) throw new ModelFailure("pgtable", "page.compound_head", pfn, "page-table page does not point at its ptdesc");
        return ch - 1;
    }

    private long table(long objcg) {
        long pfn = m.pages().alloc(0, Owner.PGTABLE);
        if (pfn < 0) throw new ModelFailure("pgtable", null, -1, "out of memory for a page table");
        long desc = separate ? m.descs().alloc("ptdesc") : m.pageAddr(pfn);
        m.attach(b, pfn, 1, desc, "pagetable");
        type.ifPresent(f -> f.set(base(f, pfn, desc), (long) Machine.PGTY_table << 24));
        flags.ifPresent(f -> f.get(base(f, pfn, desc)));               // ptdesc_nid()
        ref.ifPresent(f -> f.set(base(f, pfn, desc), 1));
        ptl.set(desc, 0);
        deposit.set(desc, 0);
        memcg.set(desc, objcg);
        long va = Machine.virt(pfn);
        for (int i = 0; i < PTRS; i++) m.mem.write64(va + 8L * i, 0);
        return pfn;
    }

    private void untable(long pfn) {
        long desc = ptdesc(pfn);
        if (ptl.get(desc) != 0) throw new ModelFailure("pgtable", ptl.name(), pfn, "freeing a page table whose lock is held");
        long va = Machine.virt(pfn);
        for (int i = 0; i < PTRS; i++)
            if (m.mem.read64(va + 8L * i) != 0) throw new ModelFailure("pgtable", null, pfn, "freeing a page table with a present entry");
        ref.ifPresent(f -> {
            if (f.get(base(f, pfn, desc)) != 1) throw new ModelFailure("pgtable", f.name(), pfn, "page-table refcount is not 1 at free");
        });
        mm.set(desc, 0);
        memcg.set(desc, 0);
        type.ifPresent(f -> f.set(base(f, pfn, desc), 0xffffffffL));
        m.detach(b, pfn, 1);
        if (separate) m.descs().free("ptdesc", desc);
        m.pages().free(pfn, 0);
    }

    /** mm_alloc() + pgd_alloc(): an mm (static data: its pgd PFN) with its top-level table on pgd_list. */
    public long newMm(long objcg) {
        long mmAddr = m.mem.kalloc(64, 64);
        long pgd = table(objcg);
        long d = ptdesc(pgd);
        mm.set(d, mmAddr);
        KList.addTail(list, pgdList, d);
        m.mem.write64(mmAddr, pgd);
        m.mem.write64(mmAddr + 8, 0);
        return mmAddr;
    }

    /** pgd_free(): every PTE table must be gone. */
    public void freeMm(long mmAddr) {
        long pgd = m.mem.read64(mmAddr);
        long d = ptdesc(pgd);
        if (m.mem.read64(mmAddr + 8) != 0) throw new ModelFailure("pgtable", deposit.name(), pgd, "freeing an mm with PTE tables deposited");
        KList.del(list, d);
        untable(pgd);
    }

    /** pte_alloc_one(): a zeroed PTE table for an mm, deposited on its pgd's chain; returns its PFN. */
    public long alloc(long mmAddr) {
        long pgd = m.mem.read64(mmAddr);
        long pfn = table(memcg.get(ptdesc(pgd)));
        long d = ptdesc(pfn);
        mm.set(d, mmAddr);
        deposit.set(d, m.mem.read64(mmAddr + 8));   // the chain's head is in the mm (the pgd's pt_list is busy)
        m.mem.write64(mmAddr + 8, d);
        return pfn;
    }

    /** pte_free(): the table must be empty and unlocked; it is withdrawn from the chain. */
    public void free(long pfn) {
        long d = ptdesc(pfn);
        long mmAddr = mm.get(d);
        if (m.mem.read64(mmAddr + 8) == d) m.mem.write64(mmAddr + 8, deposit.get(d));
        else {
            long prev = m.mem.read64(mmAddr + 8);
            while (prev != 0 && deposit.get(prev) != d) prev = deposit.get(prev);
            if (prev == 0) throw new ModelFailure("pgtable", deposit.name(), pfn, "page table is not deposited on its mm");
            deposit.set(prev, deposit.get(d));
        }
        deposit.set(d, 0);
        untable(pfn);
    }

    private void lock(long pfn) {
        long d = ptdesc(pfn);
        if (ptl.get(d) != 0) throw new ModelFailure("pgtable", ptl.name(), pfn, "PTE lock already held: deadlock");
        ptl.set(d, 1);
    }

    private void unlock(long pfn) {
        long d = ptdesc(pfn);
        if (ptl.get(d) != 1) throw new ModelFailure("pgtable", ptl.name(), pfn, "PTE unlock of a lock not held");
        ptl.set(d, 0);
    }

    /** Reads a PTE under the table's split lock (pte_offset_map_lock). */
    public long get(long pfn, int i) {
        lock(pfn);
        long v = m.mem.read64(Machine.virt(pfn) + 8L * i);
        unlock(pfn);
        return v;
    }

    public void set(long pfn, int i, long pte) {
        lock(pfn);
        m.mem.write64(Machine.virt(pfn) + 8L * i, pte);
        unlock(pfn);
    }

    /** The mm a table belongs to, from its ptdesc. */
    public long mmOf(long pfn) {
        return mm.get(ptdesc(pfn));
    }

    /** The memcg (objcg) a table is charged to. */
    public long memcgOf(long pfn) {
        return memcg.get(ptdesc(pfn));
    }

    /** PTE tables deposited on an mm, walking the chain; each must name the mm. */
    public int tables(long mmAddr) {
        int n = 0;
        for (long d = m.mem.read64(mmAddr + 8); d != 0; d = deposit.get(d)) {
            if (mm.get(d) != mmAddr) throw new ModelFailure("pgtable", mm.name(), m.pfnOfAddress(d), "page table on an mm's chain names another mm");
            if (++n > m.frames) throw ModelFailure.of("deposit chain loops");
        }
        return n;
    }

    /** mms on pgd_list (walked, links checked). */
    public int mms() {
        return KList.walk(list, pgdList).length;
    }
}
