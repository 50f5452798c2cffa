package memdesc.cost;

import memdesc.steps.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Memory accounting per roadmap state: what the memmap and the separately allocated
 * descriptors cost for a population of memory, and where a separately allocated descriptor
 * starts to pay for itself. The entry point of {@code memdesc.cost}.
 */
public final class MemoryCost {
    /** Bytes per page frame (x86_64 base pages). */
    public static final long PAGE_SIZE = 4096;
    /** Largest buddy order (MAX_PAGE_ORDER on x86_64): break-even orders are searched up to it. */
    public static final int MAX_ORDER = 10;
    /** SLUB's default slub_max_order: the largest slab a descriptor cache would use. */
    static final int SLUB_MAX_ORDER = 3;

    private MemoryCost() {}

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGTP]i?B?|B)?", Pattern.CASE_INSENSITIVE);

    /** Every state of a roadmap as the accounting sees it, from the states' computed layouts. */
    public static List<StateShape> shapes(memdesc.steps.Roadmap roadmap) {
        return RoadmapShapes.of(roadmap);
    }

    /**
     * A machine size: plain bytes ("1073741824") or a number with a binary unit: K/KiB, M/MiB,
     * G/GiB, T/TiB, P/PiB (all powers of 1024, as the kernel's mem= takes them). It must be a
     * whole, non-zero number of 4 KiB pages.
     */
    public static long parseSize(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = SIZE.matcher(t);
        if (!m.matches())
            throw new InputException("error: bad machine size '" + text + "': expected bytes or a number with KiB, MiB, GiB, TiB (e.g. 64MiB, 4GiB, 16TiB)");
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        if (unit.endsWith("B") && !unit.endsWith("IB") && unit.length() > 1)
            throw new InputException("error: bad machine size '" + text + "': '" + m.group(2)
                    + "' is ambiguous; write " + unit.charAt(0) + "iB (binary) or plain bytes");
        int shift = switch (unit.isEmpty() ? ' ' : unit.charAt(0)) {
            case ' ', 'B' -> 0;
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            case 'P' -> 50;
            default -> throw new AssertionError(unit);
        };
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new InputException("error: bad machine size '" + text + "': too large");
        }
        if (n == 0) throw new InputException("error: bad machine size '" + text + "': a machine needs memory");
        if (Long.numberOfLeadingZeros(n) <= shift + 1)
            throw new InputException("error: bad machine size '" + text + "': too large");
        long bytes = n << shift;
        if (bytes % PAGE_SIZE != 0)
            throw new InputException("error: bad machine size '" + text + "': not a whole number of 4 KiB pages");
        return bytes;
    }

    /** Names of the built-in mixes. */
    public static List<String> mixNames() {
        return Mixes.ALL.stream().map(Mix::name).collect(Collectors.toList());
    }

    /** A built-in mix by name, or else a YAML mix file at that path. */
    public static Mix mix(String nameOrFile) {
        Mix m = Mixes.byName(nameOrFile);
        if (m != null) return m;
        Path p = Path.of(nameOrFile);
        if (!Files.exists(p))
            throw new InputException("error: no mix '" + nameOrFile + "': not a built-in mix (" + String.join(", ", mixNames())
                    + ") nor a file");
        return MixFile.load(p);
    }

    /** A YAML mix file. */
    public static Mix loadMix(Path file) {
        return MixFile.load(file);
    }

    /**
     * Bytes a slab cache really spends per object of this size: the object aligned to
     * max(align, 8), packed into slabs of the smallest order (0..3) that wastes at most 1/16 of
     * the slab (SLUB's fract_leftover), or else the order that wastes least; then slab bytes
     * divided by objects per slab. SLUB's min_objects heuristic, which grows slabs on big
     * machines, and slab metadata are ignored.
     */
    public static double effectiveObjectBytes(long objectSize, int align) {
        SlabFit f = SlabFit.of(objectSize, align);
        return (double) f.slabBytes() / f.objectsPerSlab();
    }

    /**
     * The smallest allocation order at which one allocation of this descriptor kind costs less
     * metadata in {@code state} than in {@code baseline} (memmap entries of its 2^order frames
     * plus its rounded descriptor, if separately allocated); null if none up to MAX_ORDER.
     */
    public static Integer breakEvenOrder(StateShape baseline, StateShape state, String descriptorKind) {
        return breakEvenOrder(baseline, 0, state, 0, descriptorKind);
    }

    /**
     * As {@link #breakEvenOrder(StateShape, StateShape, String)} for a virtual machine: each 4 KiB frame
     * also costs {@code host...PageBytes} of the host's memmap (the host's struct page; 0 outside a guest).
     */
    static Integer breakEvenOrder(StateShape baseline, long baselineHostPageBytes, StateShape state, long hostPageBytes,
            String descriptorKind) {
        for (int order = 0; order <= MAX_ORDER; order++)
            if (metadataPerAllocation(state, hostPageBytes, descriptorKind, order)
                    < metadataPerAllocation(baseline, baselineHostPageBytes, descriptorKind, order))
                return order;
        return null;
    }

    static double metadataPerAllocation(StateShape s, long hostPageBytes, String kind, int order) {
        Descriptor d = s.descriptor(kind);
        return (double) ((s.structPageBytes() + hostPageBytes) << order) + (d == null ? 0 : effectiveObjectBytes(d.objectSize(), d.align()));
    }

    /**
     * Accounts every state for the population. The first shape is the baseline for deltas and
     * break-even orders. {@code nodes} splits the machine into equal zones for zone-relative
     * buddy PFNs (one zone per node is assumed). With {@code guest}, the population is a
     * virtual machine's: its memmap is paid again by the host for the same RAM.
     *
     * @throws InputException if a state's buddy descriptor cannot address this machine
     */
    public static CostReport account(List<StateShape> shapes, Population population, int nodes, boolean guest) {
        return account(shapes, population, nodes, guest, null);
    }

    /**
     * As {@link #account(List, Population, int, boolean)}; with {@code guest}, {@code host} is the state
     * the host runs (its struct page sizes the host's memmap for the guest's RAM), null for the same state
     * as the guest's. Break-even orders then count both memmaps: a state's allocation on its host against
     * the baseline's on the baseline's host.
     */
    public static CostReport account(List<StateShape> shapes, Population population, int nodes, boolean guest, StateShape host) {
        if (host != null && !guest) throw new InputException("error: --host-state goes with --guest");
        if (shapes.isEmpty()) throw new IllegalArgumentException("no states to account");
        if (nodes < 1) throw new InputException("error: --nodes must be at least 1, got " + nodes);
        long frames = population.frames();
        for (StateShape s : shapes) checkLimit(s, frames, nodes);

        Set<String> kinds = new LinkedHashSet<>();
        for (StateShape s : shapes) for (Descriptor d : s.separate()) kinds.add(d.kind());
        StateShape baseline = shapes.get(0);
        List<CostReport.Row> rows = new ArrayList<>();
        long baseTotal = 0;
        long baseHostPage = !guest ? 0 : host == null ? baseline.structPageBytes() : host.structPageBytes();
        for (StateShape s : shapes) {
            long memmap = frames * s.structPageBytes();
            long hostPage = !guest ? 0 : host == null ? s.structPageBytes() : host.structPageBytes();
            long hostMemmap = frames * hostPage;
            Map<String, Long> byKind = descriptorBytes(s, population);
            long desc = byKind.values().stream().mapToLong(Long::longValue).sum();
            long total = memmap + hostMemmap + desc;
            if (s == baseline) baseTotal = total;
            Map<String, Integer> breakEven = new LinkedHashMap<>();
            for (String k : kinds) breakEven.put(k, breakEvenOrder(baseline, baseHostPage, s, hostPage, k));
            rows.add(new CostReport.Row(s.id(), s.title(), s.structPageBytes(), memmap, hostMemmap, byKind,
                    desc, total, 100.0 * total / population.ramBytes(), total - baseTotal, breakEven));
        }
        List<String> notes = new ArrayList<>(population.assumptions());
        notes.add("memmap = every frame x sizeof(struct page); descriptors = one slab object per allocation, "
                + "rounded as a slab cache rounds it (aligned to >= 8, slab pages / objects per slab)");
        notes.add("free blocks and plain kernel pages have no separate descriptor; the buddy descriptor lives "
                + "in the free block and only limits how much memory can be addressed");
        if (guest) notes.add("--guest: the host pays the memmap again for the guest's RAM ("
                + (host == null ? "the host runs the same state as the guest" : "the host runs " + host.id() + ", " + host.structPageBytes()
                + "-byte struct page") + "); break-even orders count both memmaps; host descriptors for the memory backing the "
                + "guest are not counted");
        if (shapes.stream().anyMatch(s -> s.buddy() != null && s.buddy().zoneRelative() && s.buddy().pfnBits() > 0))
            notes.add("zone-relative PFNs: zone size assumed = machine / nodes = " + CostReport.size(frames * PAGE_SIZE / nodes)
                    + " (" + nodes + " node" + (nodes == 1 ? "" : "s") + ", one zone of memory each)");
        return new CostReport(population.name(), frames, population.ramBytes(), nodes, guest, baseline.id(),
                List.copyOf(kinds), rows, population.slices(), notes);
    }

    private static Map<String, Long> descriptorBytes(StateShape s, Population population) {
        Map<String, Long> allocations = new LinkedHashMap<>();
        for (Descriptor d : s.separate()) allocations.put(d.kind(), 0L);
        for (Population.Slice slice : population.slices()) {
            String kind = slice.kind().descriptorKind();
            if (kind != null && allocations.containsKey(kind)) allocations.merge(kind, slice.allocations(), Long::sum);
        }
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (Descriptor d : s.separate()) {
            SlabFit f = SlabFit.of(d.objectSize(), d.align());
            long n = allocations.get(d.kind());
            long slabs = (n + f.objectsPerSlab() - 1) / f.objectsPerSlab();
            bytes.put(d.kind(), Math.multiplyExact(slabs, f.slabBytes()));
        }
        return bytes;
    }

    private static void checkLimit(StateShape s, long frames, int nodes) {
        BuddyDescriptor b = s.buddy();
        if (b == null || b.pfnBits() == 0) return;
        long max = 1L << b.pfnBits();
        String what = "state " + s.id() + ": the " + b.bytes() + "-byte buddy descriptor holds " + b.pfnBits() + "-bit ";
        String limit = CostReport.size(max * PAGE_SIZE);
        String machine = CostReport.size(frames * PAGE_SIZE);
        if (!b.zoneRelative() && frames > max)
            throw new InputException("error: " + what + "PFNs: at most " + limit + "; this machine has " + machine
                    + "; zone-relative PFNs lift the limit to " + limit + " per zone");
        long zone = (frames + nodes - 1) / nodes;
        if (b.zoneRelative() && zone > max)
            throw new InputException("error: " + what + "zone-relative PFNs: at most " + limit + " per zone; this machine has "
                    + machine + " in " + nodes + " node" + (nodes == 1 ? "" : "s") + ", assumed one zone of "
                    + CostReport.size(zone * PAGE_SIZE) + " per node; a machine this big has more nodes (--nodes)");
    }

    /** How a slab cache packs objects of one size. */
    record SlabFit(long slabBytes, long objectsPerSlab) {
        static SlabFit of(long objectSize, int align) {
            long a = Math.max(8, align);
            long size = (objectSize + a - 1) / a * a;
            SlabFit best = null;
            for (int order = 0; order <= SLUB_MAX_ORDER; order++) {
                long slab = PAGE_SIZE << order;
                long n = slab / size;
                if (n == 0) continue;
                SlabFit fit = new SlabFit(slab, n);
                if (slab - n * size <= slab / 16) return fit;
                if (best == null || (double) slab / n < (double) best.slabBytes / best.objectsPerSlab) best = fit;
            }
            if (best == null) { // bigger than the largest slab: a page allocation of its own
                long pages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
                long pow2 = Long.highestOneBit(pages) == pages ? pages : Long.highestOneBit(pages) << 1;
                best = new SlabFit(pow2 * PAGE_SIZE, 1);
            }
            return best;
        }
    }
}
