package memdesc.model;

/**
 * Who owns a page frame, as the model's oracle records it when a user allocates. The invariants compare
 * it with what memory itself says (memory-failure's identification), so the two must agree for every PFN.
 */
public enum Owner {
    FREE, MEMMAP, SLAB, FILE, ANON, PGTABLE, PAGEPOOL, ZSMALLOC, KMALLOC, VMALLOC, DRIVER, ACCOUNTED, HWPOISON;

    static final Owner[] ALL = values();

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
