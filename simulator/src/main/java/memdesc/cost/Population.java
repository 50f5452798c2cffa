package memdesc.cost;

import java.util.List;
import java.util.Objects;

/**
 * The memory of one machine, as allocations by kind and order.
 *
 * @param name        where it comes from ("mix file-server", "kpageflags /tmp/dump")
 * @param frames      page frames of the machine: every one pays a struct page in the memmap
 * @param slices      allocations grouped by kind and order
 * @param assumptions what the population assumes, printed with every report
 */
public record Population(String name, long frames, List<Slice> slices, List<String> assumptions) {
    /** {@code allocations} allocations of {@code kind}, each 2^order frames. */
    public record Slice(AllocKind kind, int order, long allocations) {
        public Slice {
            Objects.requireNonNull(kind, "kind");
            if (order < 0 || order > 40) throw new IllegalArgumentException("order out of range: " + order);
            if (allocations < 0) throw new IllegalArgumentException("negative allocation count");
        }

        public long frames() { return allocations << order; }
    }

    public Population {
        Objects.requireNonNull(name, "name");
        if (frames <= 0) throw new IllegalArgumentException("a machine needs at least one frame");
        slices = List.copyOf(slices);
        assumptions = List.copyOf(assumptions);
    }

    /** Bytes of RAM the population describes. */
    public long ramBytes() { return frames * MemoryCost.PAGE_SIZE; }
}
