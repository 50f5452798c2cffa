package memdesc.cost;

import java.util.Objects;

/**
 * A separately allocated memory descriptor. Its cost per allocation is the object size as a slab
 * cache would round it: aligned (at least to 8 bytes), packed into slab pages, and the slab pages
 * divided by the objects they hold (see {@link MemoryCost#effectiveObjectBytes}).
 *
 * @param kind       folio, slab, ptdesc, zpdesc or bump
 * @param objectSize sizeof the descriptor
 * @param align      its alignment
 */
public record Descriptor(String kind, long objectSize, int align) {
    public Descriptor {
        Objects.requireNonNull(kind, "kind");
        if (objectSize <= 0) throw new IllegalArgumentException(kind + ": descriptor size must be positive");
        if (align <= 0 || Integer.bitCount(align) != 1)
            throw new IllegalArgumentException(kind + ": alignment must be a power of two, got " + align);
    }
}
