package memdesc.model;

/**
 * Allocates separately allocated memory descriptors (folio, slab, ptdesc, zpdesc, bump) as objects of
 * the model's own slab caches; the slab allocator implements it.
 */
public interface DescAllocator {
    long alloc(String kind);

    void free(String kind, long desc);

    /** Bytes of simulated memory the descriptor caches hold (their slab pages). */
    long descriptorBytes();

    /** Descriptor objects currently allocated, per kind. */
    java.util.Map<String, Long> live();
}
