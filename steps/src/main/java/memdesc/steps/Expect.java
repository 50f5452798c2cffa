package memdesc.steps;

import java.util.List;

/**
 * What a step claims about the state it produces: struct sizes, and overlays in the style of the
 * kernel's FOLIO_MATCH / SLAB_MATCH (member a of one struct sits at the offset of member b of another).
 */
public record Expect(List<Size> sizes, List<Match> matches) {
    public static final Expect NONE = new Expect(List.of(), List.of());

    public Expect {
        sizes = List.copyOf(sizes);
        matches = List.copyOf(matches);
    }

    public record Size(String struct, long bytes, Loc loc) {}

    public record Match(Member a, Member b, Loc loc) {}

    public boolean isEmpty() {
        return sizes.isEmpty() && matches.isEmpty();
    }
}
