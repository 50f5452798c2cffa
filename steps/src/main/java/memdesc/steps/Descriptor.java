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
        SEPARATE,
        /**
         * The descriptor is kept in the first bytes of the memory it describes: only for free buddy
         * blocks, whose memory nobody else uses (the 16-byte buddy descriptor of the 8-byte page).
         */
        IN_BLOCK;

        public String yaml() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses the YAML spelling ({@code memmap}, {@code separate}, {@code in_block}); null if unknown. */
        public static Placement parse(String yaml) {
            for (Placement p : values()) if (p.yaml().equals(yaml)) return p;
            return null;
        }
    }

    /** True when the descriptor is not the struct pages themselves. */
    public boolean separate() {
        return placement != Placement.MEMMAP;
    }
}
