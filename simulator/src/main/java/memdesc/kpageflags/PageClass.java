package memdesc.kpageflags;

import memdesc.cost.AllocKind;

/**
 * What a page frame is used for, as far as /proc/kpageflags tells. Each class names the
 * population kind the cost model charges it as.
 */
public enum PageClass {
    /** KPF_BUDDY: free, in the buddy allocator (6.x sets it on every page of a free block). */
    BUDDY("buddy", AllocKind.BUDDY_FREE),
    /**
     * No flag at all. Cannot be told apart from the flags alone: a free page the kernel did not
     * mark, a PFN that is not online (holes, offline memory blocks read as 0), or a plain kernel
     * page (alloc_pages, vmalloc) that carries no flag. Reported as its own class, not guessed.
     */
    NO_FLAGS("no flags", AllocKind.KERNEL_OTHER),
    /** Page cache (including shmem/tmpfs): not anonymous, on an LRU, mapped, uptodate, dirty or under writeback. */
    FILE("file folio", AllocKind.FILE),
    /** KPF_ANON without KSM. */
    ANON("anon folio", AllocKind.ANON),
    /** KPF_KSM: merged anon pages. */
    KSM("KSM", AllocKind.ANON),
    /** KPF_SLAB. */
    SLAB("slab", AllocKind.SLAB),
    /** KPF_PGTABLE. */
    PAGE_TABLE("page table", AllocKind.PAGE_TABLE),
    /** KPF_ZERO_PAGE: the shared zero page (or huge zero folio). */
    ZERO_PAGE("zero page", AllocKind.KERNEL_OTHER),
    /** KPF_RESERVED (kernel image, firmware, memblock reservations). */
    RESERVED("reserved", AllocKind.KERNEL_OTHER),
    /** KPF_OFFLINE: logically offline (balloon, virtio-mem). */
    OFFLINE("offline", AllocKind.KERNEL_OTHER),
    /** KPF_HWPOISON. */
    HWPOISON("hwpoison", AllocKind.KERNEL_OTHER),
    /** KPF_HUGE: a hugetlbfs folio (charged as a file folio: it is one in the memdesc plan). */
    HUGETLB("hugetlb", AllocKind.FILE),
    /** A compound allocation with no owner flag: large kmalloc, page_pool, other __GFP_COMP users. */
    KERNEL_COMPOUND("kernel compound", AllocKind.KERNEL_OTHER),
    /** KPF_NOPAGE: no struct page behind this PFN. */
    NO_PAGE("no struct page", AllocKind.KERNEL_OTHER),
    /** Some flags, but none that names an owner (e.g. only REFERENCED or ARCH bits). */
    OTHER("other flags", AllocKind.KERNEL_OTHER),
    /** Inconsistent compound runs; see {@link Classification#unclassified()} for the reasons. */
    UNCLASSIFIED("unclassified", AllocKind.KERNEL_OTHER);

    private final String label;
    private final AllocKind kind;

    PageClass(String label, AllocKind kind) {
        this.label = label;
        this.kind = kind;
    }

    /** Human name for reports. */
    public String label() { return label; }

    /** The population kind the cost model charges this class as. */
    public AllocKind allocKind() { return kind; }
}
