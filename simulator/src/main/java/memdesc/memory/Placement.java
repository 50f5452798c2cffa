package memdesc.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a modelled machine's present memory lies in the physical address space, and on which nodes
 * (SPARSEMEM: memory comes in 128 MiB sections, a section is present or not). The model numbers present
 * frames densely from 0 (its owner tables and per-frame arrays are indexed so); everything the kernel
 * would see — struct page addresses, direct-map addresses, PFNs stored in memory, zone spans — uses the
 * real PFN, {@link #real}. Every range starts on a section boundary and all but the last are whole
 * sections, so a section is one run in both numberings: within one, dense and real PFNs differ by a
 * multiple of 2^15, and buddy arithmetic ({@code pfn ^ 1 << order}, order at most MAX_ORDER 10) gives
 * the same block in both.
 */
public final class Placement {
    /** Frames per memory section: 128 MiB (x86-64 SECTION_SIZE_BITS 27). */
    public static final int SECTION_SHIFT = 15;
    public static final long SECTION_FRAMES = 1L << SECTION_SHIFT;
    private static final long SECTION_MASK = SECTION_FRAMES - 1;
    /** Physical address bits the model places memory in (x86-64 MAX_PHYSMEM_BITS with 4-level paging). */
    public static final int MAX_PHYS_BITS = 46;
    /** Where the x86 PCI hole starts in the default layout: memory above 3 GiB is remapped from 4 GiB. */
    public static final long HOLE_START = 3L << 30, HOLE_END = 4L << 30;
    private static final long BLOCK = PhysMem.PAGE_SIZE << 10;    // the largest buddy block (4 MiB)

    /** Physically contiguous present memory: {@code frames} from real PFN {@code start}. */
    public record Range(long start, long frames) {
        public long end() {
            return start + frames;
        }
    }

    private final List<Range> ranges;
    private final long[] nodeEnds;          // dense PFN where each node ends, ascending
    private final long frames, span;
    private final String spelling;
    private final boolean identity;         // one range from PFN 0: real == dense
    private final boolean sized;            // the default layout of a size (of): keyed by its bytes
    private final long[] realStart;         // by dense section: the real PFN of its first frame
    private final int[] denseSection;       // by real section: its dense section, -1 if absent

    private Placement(List<Range> ranges, long[] nodeEnds, String spelling) {
        this.ranges = List.copyOf(ranges);
        this.nodeEnds = nodeEnds.clone();
        this.spelling = spelling;
        this.sized = !spelling.contains("@");
        long n = 0;
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            boolean last = i == ranges.size() - 1;
            // the alignment every translation below relies on
            if ((r.start() & SECTION_MASK) != 0 || (!last && (r.frames() & SECTION_MASK) != 0) || (r.frames() & ((BLOCK >>> 12) - 1)) != 0
                    || r.frames() <= 0 || (i > 0 && r.start() < ranges.get(i - 1).end()))
                throw new IllegalArgumentException("placement " + spelling + ": range " + r + " is not section-aligned and ascending");
            n += r.frames();
        }
        this.frames = n;
        this.span = ranges.get(ranges.size() - 1).end();
        if (nodeEnds[nodeEnds.length - 1] != frames) throw new IllegalArgumentException("nodes must end with the memory");
        this.identity = ranges.size() == 1 && ranges.get(0).start() == 0;
        this.realStart = new long[(int) ((frames + SECTION_MASK) >>> SECTION_SHIFT)];
        this.denseSection = new int[(int) ((span + SECTION_MASK) >>> SECTION_SHIFT)];
        java.util.Arrays.fill(denseSection, -1);
        long d = 0;
        for (Range r : ranges) {
            for (long s = 0; s < r.frames(); s += SECTION_FRAMES) {
                realStart[(int) ((d + s) >>> SECTION_SHIFT)] = r.start() + s;
                denseSection[(int) ((r.start() + s) >>> SECTION_SHIFT)] = (int) ((d + s) >>> SECTION_SHIFT);
            }
            d += r.frames();
        }
    }

    /**
     * The default machine of {@code bytes}: up to 3 GiB from PFN 0; above that, x86-style, 3 GiB below
     * the PCI hole and the rest from 4 GiB, so a 4 GiB machine has DMA, DMA32 and Normal memory. Two nodes
     * from 1 GiB up, splitting the present memory in half (on 4 MiB blocks), one below.
     */
    public static Placement of(long bytes) {
        long frames = bytes >>> PhysMem.PAGE_SHIFT, low = HOLE_START >>> PhysMem.PAGE_SHIFT;
        List<Range> r = frames <= low ? List.of(new Range(0, frames))
                : List.of(new Range(0, low), new Range(HOLE_END >>> PhysMem.PAGE_SHIFT, frames - low));
        long[] nodes = frames >= (1L << 18) ? new long[] {(frames / 2) & ~((BLOCK >>> 12) - 1), frames} : new long[] {frames};
        return new Placement(r, nodes, size(bytes));
    }

    /**
     * A machine size as {@code --machine} spells it: a size ({@link #of}), or present ranges
     * {@code SIZE@ADDRESS,...}, one node each, ascending, starting on 128 MiB sections, every size a
     * multiple of 128 MiB (e.g. {@code 2GiB@0,2GiB@2TiB}). Bad input: an IllegalArgumentException whose
     * message names the bad part.
     */
    public static Placement parse(String text, java.util.function.ToLongFunction<String> sizes) {
        String t = text.trim();
        if (!t.contains("@")) return of(sizes.applyAsLong(t));
        List<Range> ranges = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        long dense = 0, prevEnd = 0;
        for (String part : t.split(",", -1)) {
            String p = part.trim();
            int at = p.indexOf('@');
            if (at < 0) throw new IllegalArgumentException("'" + p + "': a present range is SIZE@ADDRESS (e.g. 2GiB@2TiB)");
            long size = sizeOf(sizes, p.substring(0, at), p), start = sizeOf(sizes, p.substring(at + 1), p);
            long section = SECTION_FRAMES << PhysMem.PAGE_SHIFT;
            if (size <= 0 || size % section != 0)
                throw new IllegalArgumentException("'" + p + "': the size must be a positive multiple of 128MiB (a memory section)");
            if (start % section != 0)
                throw new IllegalArgumentException("'" + p + "': the address must be a multiple of 128MiB (a memory section)");
            if (!ranges.isEmpty() && start < prevEnd)
                throw new IllegalArgumentException("'" + p + "': ranges must be ascending and must not overlap");
            if (start + size > (1L << MAX_PHYS_BITS) || start + size < start)
                throw new IllegalArgumentException("'" + p + "': ends beyond the " + (1L << (MAX_PHYS_BITS - 40)) + "TiB the model's "
                        + MAX_PHYS_BITS + "-bit physical addresses reach");
            ranges.add(new Range(start >>> PhysMem.PAGE_SHIFT, size >>> PhysMem.PAGE_SHIFT));
            prevEnd = start + size;
            dense += size >>> PhysMem.PAGE_SHIFT;
            ends.add(dense);
        }
        if (ends.size() > 64) throw new IllegalArgumentException("at most 64 ranges (nodes)");
        StringBuilder s = new StringBuilder();
        for (Range r : ranges)
            s.append(s.length() == 0 ? "" : ",").append(size(r.frames() << PhysMem.PAGE_SHIFT)).append('@').append(size(r.start() << PhysMem.PAGE_SHIFT));
        return new Placement(ranges, ends.stream().mapToLong(Long::longValue).toArray(), s.toString());
    }

    private static long sizeOf(java.util.function.ToLongFunction<String> sizes, String s, String part) {
        if (s.trim().equals("0")) return 0;
        try {
            return sizes.applyAsLong(s.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + part + "': '" + s.trim() + "' is not a size (e.g. 512MiB, 2GiB, 2TiB)");
        }
    }

    /** Present frames. */
    public long frames() {
        return frames;
    }

    /** Present bytes. */
    public long bytes() {
        return frames << PhysMem.PAGE_SHIFT;
    }

    /** The highest real PFN + 1: the memmap's virtual extent and the PFNs memory must hold. */
    public long spanFrames() {
        return span;
    }

    public List<Range> ranges() {
        return ranges;
    }

    /** The dense PFN where node {@code nid} ends (nodes are consecutive runs of the dense numbering). */
    public long[] nodeEnds() {
        return nodeEnds.clone();
    }

    /** The real PFN of dense frame {@code d}. */
    public long real(long d) {
        return identity ? d : realStart[(int) (d >>> SECTION_SHIFT)] + (d & SECTION_MASK);
    }

    /** The dense frame of real PFN {@code pfn}, or -1 if no present memory is there. */
    public long dense(long pfn) {
        if (identity) return pfn >= 0 && pfn < frames ? pfn : -1;
        if (pfn < 0 || pfn >= span) return -1;
        int s = denseSection[(int) (pfn >>> SECTION_SHIFT)];
        if (s < 0) return -1;
        long d = ((long) s << SECTION_SHIFT) | (pfn & SECTION_MASK);
        return d < frames && real(d) == pfn ? d : -1;
    }

    /** Present frames below real PFN {@code pfn}: the dense PFN where memory at or above it starts. */
    public long denseBelow(long pfn) {
        long n = 0;
        for (Range r : ranges) n += Math.max(0, Math.min(r.end(), pfn) - r.start());
        return n;
    }

    /** Whether dense and real PFNs are the same (one range from 0). */
    public boolean identity() {
        return identity;
    }

    /** The spelling: the size for the default layout, else the ranges. Part of a verdict's cache key. */
    @Override public String toString() {
        return spelling;
    }

    /** What a verdict's cache key says of the machine: the bytes of a default layout, else the ranges. */
    public String key() {
        return sized ? Long.toString(bytes()) : spelling;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Placement p && p.ranges.equals(ranges) && java.util.Arrays.equals(p.nodeEnds, nodeEnds);
    }

    @Override public int hashCode() {
        return ranges.hashCode() * 31 + java.util.Arrays.hashCode(nodeEnds);
    }

    static String size(long b) {
        if (b == 0) return "0";
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (u < units.length - 1 && b != 0 && b % 1024 == 0) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%d%s", b, units[u]);
    }
}
