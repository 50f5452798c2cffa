package memdesc.steps;

/**
 * A kind of memory descriptor (folio, slab, ptdesc, zpdesc, bump, buddy) and where it lives:
 * overlaid on the memmap (the baseline: a folio is its head page and the struct pages after it) or
 * separately allocated from its own slab cache, pointed at by {@code page->memdesc} / {@code compound_head}.
 */
public record Descriptor(String kind, String struct, Placement placement, Loc loc) {
    public enum Placement {
        /** The descriptor's bytes are the struct pages of the allocation. */
        MEMMAP,
        /** The descriptor is an object in its own slab cache. */
        SEPARATE;

        public String yaml() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean separate() {
        return placement == Placement.SEPARATE;
    }
}
