package memdesc.pgtable;

import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.KList;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;

/**
 * Page tables (mm/pgtable-generic.c, include/linux/mm.h): a PTE table is a page-table page whose
 * descriptor is a {@code struct ptdesc} — overlaid on the page or separately allocated — holding its mm
 * ({@code pt_mm}), its split PTE lock ({@code ptl}), the link on its mm's list of tables ({@code pt_list})
 * and, while overlaid, the PGTY_table page type. Entries are real 8-byte PTEs in the table's frame
 * ({@code pfn << 12 | flags}). The PMD entry that points at a table is its PFN; the ptdesc is found from
 * the page, as the kernel's page_ptdesc() does.
 */
public final class PageTables {
    public static final long PTE_PRESENT = 1, PTE_WRITE = 2;
    public static final int PTRS = 512;

    private final Machine m;
    private final boolean separate;
    private final Field type, mm, ptl, list;

    public PageTables(Machine m) {
        this.m = m;
        Binding b = m.bind("pgtable");
        separate = m.separate("ptdesc");
        type = m.memdescWorld ? null : b.field("ptdesc.__page_type", "ptdesc.page_type");
        mm = b.field("ptdesc.pt_mm");
        ptl = b.field("ptdesc.ptl");
        list = b.field("ptdesc.pt_list");
    }

    /** A new mm_struct in static data, with the head of its list of page tables. */
    public long newMm() {
        long mmAddr = m.mem.kalloc(64, 64);
        long head = mmAddr + 16;
        m.mem.write64(head, head);
        m.mem.write64(head + 8, head);
        return mmAddr;
    }

    private long head(long mmAddr) {
        return mmAddr + 16;
    }

    /** The ptdesc of a page-table page, from its struct page. */
    public long ptdesc(long pfn) {
        long page = m.pageAddr(pfn);
        if (!separate) return page;
        if (m.memdescWorld) {
            long md = m.pMemdesc.get(page);
            if (!"pagetable".equals(m.typeName((int) md & 15)))
                throw new ModelFailure("pgtable", "page.memdesc", pfn, "page is not a page table (memdesc type " + m.typeName((int) md & 15) + ")");
            return md & ~15L;
        }
        long ch = m.pCompound.get(page);
        if ((ch & 1) == 0) throw new ModelFailure("pgtable", "page.compound_head", pfn, "page-table page does not point at its ptdesc");
        return ch - 1;
    }

    /** pte_alloc_one(): a zeroed PTE table for an mm; returns its PFN (what the PMD holds), -1 if out of memory. */
    public long alloc(long mmAddr) {
        long pfn = m.pages().alloc(0, Owner.PGTABLE);
        if (pfn < 0) return -1;
        long desc = separate ? m.descs().alloc("ptdesc") : m.pageAddr(pfn);
        m.attach(pfn, 1, desc, "pagetable");
        if (type != null) type.set(desc, (long) Machine.PGTY_table << 24);
        mm.set(desc, mmAddr);
        ptl.set(desc, 0);
        KList.addTail(list, head(mmAddr), desc);
        long va = Machine.virt(pfn);
        for (int i = 0; i < PTRS; i++) m.mem.write64(va + 8L * i, 0);
        return pfn;
    }

    /** pte_free(): the table must be empty and unlocked. */
    public void free(long pfn) {
        long desc = ptdesc(pfn);
        if (ptl.get(desc) != 0) throw new ModelFailure("pgtable", ptl.name(), pfn, "freeing a page table whose lock is held");
        long va = Machine.virt(pfn);
        for (int i = 0; i < PTRS; i++)
            if (m.mem.read64(va + 8L * i) != 0) throw new ModelFailure("pgtable", null, pfn, "freeing a page table with a present entry");
        KList.del(list, desc);
        mm.set(desc, 0);
        if (type != null) type.set(desc, 0xffffffffL);
        m.detach(pfn, 1);
        if (separate) m.descs().free("ptdesc", desc);
        m.pages().free(pfn, 0);
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

    /** The mm's tables, by walking pt_list; each must name the mm. */
    public int tables(long mmAddr) {
        long[] ds = KList.walk(list, head(mmAddr));
        for (long d : ds)
            if (mm.get(d) != mmAddr) throw new ModelFailure("pgtable", mm.name(), m.pfnOfAddress(d), "page table on an mm's list names another mm");
        return ds.length;
    }
}
