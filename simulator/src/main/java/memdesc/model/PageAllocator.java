package memdesc.model;

/** The page allocator as the rest of the model sees it (the buddy allocator implements it). */
public interface PageAllocator {
    /** Allocates 2^order naturally aligned frames; returns the first PFN, or -1 if none is free. */
    long alloc(int order, Owner owner);

    /** Frees a block allocated with {@link #alloc}. */
    void free(long pfn, int order);
}
