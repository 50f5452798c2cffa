package memdesc.buddy;

/** The free and pcp lists of the buddy allocator, whatever the memmap links them with. */
interface Lists {
    void addHead(long pfn, int list);

    void addTail(long pfn, int list);

    void del(long pfn, int list);

    /** Removes and returns the first PFN (the list must not be empty). */
    long popHead(int list);

    long popTail(int list);

    /** Every PFN on the list, checking that the links agree both ways. */
    long[] walk(int list);
}
