package memdesc.cost;

import java.util.List;
import java.util.Objects;

/**
 * What the accounting needs to know about one roadmap state, built by the caller from the
 * state's computed struct layouts (the accounting never assumes a size itself).
 *
 * @param id              short id (a step id or "baseline")
 * @param title           one-line description for reports
 * @param structPageBytes sizeof(struct page) in this state: what every frame pays in the memmap
 * @param separate        descriptors allocated separately from the memmap in this state
 * @param buddy           the free-page descriptor, or null when free pages are still described
 *                        by the full struct page
 */
public record StateShape(String id, String title, long structPageBytes, List<Descriptor> separate,
                         BuddyDescriptor buddy) {
    public StateShape {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        if (structPageBytes <= 0) throw new IllegalArgumentException(id + ": struct page size must be positive");
        separate = List.copyOf(separate);
        if (separate.stream().map(Descriptor::kind).distinct().count() != separate.size())
            throw new IllegalArgumentException(id + ": a descriptor kind is listed twice");
    }

    /** The separately allocated descriptor of this kind, or null when the memmap still holds it. */
    public Descriptor descriptor(String kind) {
        for (Descriptor d : separate) if (d.kind().equals(kind)) return d;
        return null;
    }
}
