package memdesc.kpageflags;

/** KPF_* bit numbers of /proc/kpageflags (include/uapi/linux/kernel-page-flags.h) and the owner test. */
final class Flags {
    private Flags() {}

    static final long UPTODATE = 1L << 3, DIRTY = 1L << 4, LRU = 1L << 5, SLAB = 1L << 7, WRITEBACK = 1L << 8,
            BUDDY = 1L << 10, MMAP = 1L << 11, ANON = 1L << 12, SWAPCACHE = 1L << 13, SWAPBACKED = 1L << 14,
            HEAD = 1L << 15, TAIL = 1L << 16, HUGE = 1L << 17, HWPOISON = 1L << 19, NOPAGE = 1L << 20,
            KSM = 1L << 21, THP = 1L << 22, OFFLINE = 1L << 23, ZERO_PAGE = 1L << 24, PGTABLE = 1L << 26,
            RESERVED = 1L << 32;

    static final long FILE_HINTS = LRU | MMAP | UPTODATE | DIRTY | WRITEBACK | SWAPBACKED | SWAPCACHE;

    /**
     * Bits that decide the owner; a tail page reads its folio's flags, so on a consistent
     * snapshot these equal the head's (HWPOISON is per page and left out).
     */
    static final long OWNER_MASK = SLAB | BUDDY | ANON | HUGE | KSM | PGTABLE | ZERO_PAGE | OFFLINE;

    /** The class of a page from its flags, the compound bits ignored. Order matters: first match wins. */
    static PageClass classOf(long f) {
        if ((f & (HWPOISON | NOPAGE | OFFLINE | BUDDY | HUGE | SLAB | PGTABLE | ZERO_PAGE | ANON)) != 0) {
            if ((f & HWPOISON) != 0) return PageClass.HWPOISON;
            if ((f & NOPAGE) != 0) return PageClass.NO_PAGE;
            if ((f & OFFLINE) != 0) return PageClass.OFFLINE;
            if ((f & BUDDY) != 0) return PageClass.BUDDY;
            if ((f & HUGE) != 0) return PageClass.HUGETLB;
            if ((f & SLAB) != 0) return PageClass.SLAB;
            if ((f & PGTABLE) != 0) return PageClass.PAGE_TABLE;
            if ((f & ZERO_PAGE) != 0) return PageClass.ZERO_PAGE;
            return (f & KSM) != 0 ? PageClass.KSM : PageClass.ANON;
        }
        if ((f & FILE_HINTS) != 0) return PageClass.FILE;
        if ((f & RESERVED) != 0) return PageClass.RESERVED;
        if ((f & ~(HEAD | TAIL)) == 0) return f == 0 ? PageClass.NO_FLAGS : PageClass.KERNEL_COMPOUND;
        return PageClass.OTHER;
    }
}
