package memdesc.kpageflags;

import memdesc.cost.AllocKind;
import memdesc.cost.Population;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every PFN of a dump, classified.
 *
 * @param source       the dump's path ("/proc/kpageflags" when live)
 * @param pfns         PFNs read (file size / 8)
 * @param withCounts   whether /proc/kpagecount was read alongside
 * @param counts       per class: pages, allocations by order, and (with kpagecount) mapped pages
 * @param unclassified pages in no class, by reason
 */
public record Classification(String source, long pfns, boolean withCounts, Map<PageClass, Count> counts,
                             List<Unclassified> unclassified) {
    /**
     * @param pages         page frames in this class
     * @param allocations   allocations by order (a folio of order 9 counts once at order 9)
     * @param mappedPages   pages with a non-zero kpagecount (0 without kpagecount)
     * @param mapcount      sum of kpagecount over the pages
     */
    public record Count(long pages, Map<Integer, Long> allocations, long mappedPages, long mapcount) {
        public Count {
            allocations = Collections.unmodifiableMap(new TreeMap<>(allocations));
        }
    }

    /** Pages that fit no class: why, how many, in how many runs, and the first PFN (to look at). */
    public record Unclassified(String reason, long pages, long runs, long firstPfn) {}

    public Classification {
        counts = Collections.unmodifiableMap(new EnumMap<>(counts));
        unclassified = List.copyOf(unclassified);
    }

    /** Page frames in a class. */
    public long pages(PageClass c) {
        return counts.get(c).pages();
    }

    /** Allocations of a class at an order. */
    public long allocations(PageClass c, int order) {
        return counts.get(c).allocations().getOrDefault(order, 0L);
    }

    /**
     * The population the cost model charges: each class as its {@link PageClass#allocKind()},
     * allocations kept at their order; the assumptions say what this glosses over.
     */
    public Population toPopulation() {
        Map<String, Population.Slice> slices = new TreeMap<>();
        for (Map.Entry<PageClass, Count> e : counts.entrySet()) {
            AllocKind kind = e.getKey().allocKind();
            Map<Integer, Long> byOrder = e.getKey() == PageClass.UNCLASSIFIED
                    ? Map.of(0, e.getValue().pages()) : e.getValue().allocations();
            byOrder.forEach((order, n) -> slices.merge(kind.ordinal() + "/" + order,
                    new Population.Slice(kind, order, n),
                    (a, b) -> new Population.Slice(kind, order, a.allocations() + b.allocations())));
        }
        List<String> notes = new ArrayList<>();
        notes.add("kpageflags " + source + ": " + pfns + " PFNs; the memmap is charged for every PFN in the dump "
                + "(holes and offline memory included; sections with no memory at all have no memmap, so this can overstate it)");
        notes.add("no-flags pages (" + pages(PageClass.NO_FLAGS) + ") are charged as kernel memory without a descriptor: "
                + "whether free, offline or plain kernel pages, they cost the memmap only in every state");
        notes.add("buddy pages are counted one by one (BUDDY marks every page of a free block; block sizes are not in "
                + "kpageflags); free memory has no descriptor, so this does not change the cost");
        notes.add("hugetlb folios are charged as file folios and KSM pages as anon folios; zsmalloc and page_pool pages "
                + "carry no kpageflags flag, so they land in no-flags or kernel compound and their descriptors are not counted");
        long u = pages(PageClass.UNCLASSIFIED);
        if (u > 0) notes.add(u + " unclassified pages are charged as order-0 kernel pages");
        return new Population("kpageflags " + source, pfns, new ArrayList<>(slices.values()), notes);
    }

    /** A table of classes for a terminal. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: %d PFNs (%s)%s%n", source, pfns, gib(pfns),
                withCounts ? ", with kpagecount" : ""));
        b.append(String.format(Locale.ROOT, "%-16s %12s %10s %8s  %s%n", "class", "pages", "memory", "%", "allocations by order"));
        for (Map.Entry<PageClass, Count> e : counts.entrySet()) {
            Count c = e.getValue();
            if (c.pages() == 0) continue;
            String orders = c.allocations().entrySet().stream().map(o -> o.getKey() + ":" + o.getValue())
                    .collect(Collectors.joining(" "));
            b.append(String.format(Locale.ROOT, "%-16s %12d %10s %7.2f%%  %s%s%n", e.getKey().label(), c.pages(),
                    gib(c.pages()), 100.0 * c.pages() / pfns, orders,
                    withCounts && c.mappedPages() > 0 ? "  (mapped pages " + c.mappedPages() + ")" : ""));
        }
        for (Unclassified u : unclassified)
            b.append(String.format(Locale.ROOT, "  unclassified: %d pages in %d runs: %s (first at PFN 0x%x)%n",
                    u.pages(), u.runs(), u.reason(), u.firstPfn()));
        return b.toString();
    }

    private static String gib(long pages) {
        return String.format(Locale.ROOT, "%.2f GiB", pages * 4096.0 / (1L << 30));
    }
}
