package memdesc.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run exercised: each core helper on each kind of page (counts), and each member each user read or
 * wrote. Collected only when asked for ({@link #collect}): the machines made on this thread while it
 * runs record into it. Which kind a page is comes from the ownership oracle and the helpers' own tail
 * test, never from what the helper under test returns.
 */
public final class Coverage {
    /** The helpers, in the order the table prints them. */
    public static final List<String> HELPERS = List.of("PageTail", "compound_head", "page_folio", "page_slab", "get_page",
            "put_page", "lock_page", "unlock_page", "PageBuddy", "page_zone", "page_to_nid");
    static final int PAGE_TAIL = 0, COMPOUND_HEAD = 1, PAGE_FOLIO = 2, PAGE_SLAB = 3, GET_PAGE = 4, PUT_PAGE = 5,
            LOCK_PAGE = 6, UNLOCK_PAGE = 7, PAGE_BUDDY = 8, PAGE_ZONE = 9, PAGE_TO_NID = 10;
    /** The kinds of page, in the order the table prints them. */
    public static final List<String> KINDS = List.of("head", "tail", "slab", "ptdesc", "zpdesc", "bump", "misc", "free");
    static final int HEAD = 0, TAIL = 1, SLAB = 2, PTDESC = 3, ZPDESC = 4, BUMP = 5, MISC = 6, FREE = 7;

    private static final ThreadLocal<Coverage> CURRENT = new ThreadLocal<>();

    private final long[][] hits = new long[HELPERS.size()][KINDS.size()];
    private final Map<String, String> regimes = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> members = new TreeMap<>();

    /** Runs {@code r} with coverage collected from every machine it makes on this thread. */
    public static Coverage collect(Runnable r) {
        Coverage c = new Coverage();
        Coverage before = CURRENT.get();
        CURRENT.set(c);
        try {
            r.run();
        } finally {
            if (before == null) CURRENT.remove();
            else CURRENT.set(before);
        }
        return c;
    }

    static Coverage current() {
        return CURRENT.get();
    }

    /** The coverage {@code m} records into, or null. */
    public static Coverage currentFor(Machine m) {
        return m.helpers.cov;
    }

    synchronized void hit(int helper, int kind) {
        hits[helper][kind]++;
    }

    synchronized void regimes(Helpers h) {
        for (String n : HELPERS) regimes.putIfAbsent(n, h.regime(n));
    }

    /** Records what the machine's users did with their members (at the end of its run). */
    public synchronized void members(Machine m) {
        m.bindings().forEach((u, b) -> b.readWritten().forEach((f, rw) -> members.computeIfAbsent(f, k -> new TreeMap<>())
                .merge(u, rw, (a, c) -> merge(a, c))));
    }

    private static String merge(String a, String b) {
        boolean r = a.contains("r") || b.contains("r"), w = a.contains("w") || b.contains("w");
        return (r ? "r" : "") + (w ? "w" : "");
    }

    public synchronized long hits(String helper, String kind) {
        return hits[HELPERS.indexOf(helper)][KINDS.indexOf(kind)];
    }

    /** The regime of each helper in the run's state. */
    public synchronized Map<String, String> regimes() {
        return Map.copyOf(regimes);
    }

    /** member -> user -> "r", "w" or "rw". */
    public synchronized Map<String, Map<String, String>> members() {
        Map<String, Map<String, String>> out = new TreeMap<>();
        members.forEach((k, v) -> out.put(k, Map.copyOf(v)));
        return out;
    }

    /** The kind of page {@code page} is, for the table (free pages, Misc pages and the memmap's own included). */
    static int kind(Machine m, Helpers h, long page) {
        long pfn = m.pfn(page);
        switch (m.ownerOf(pfn)) {
            case FREE: return FREE;
            case SLAB: return SLAB;
            case PGTABLE: return PTDESC;
            case ZSMALLOC: return ZPDESC;
            case PAGEPOOL: return BUMP;
            case FILE: case ANON: return h.tailQuiet(page) ? TAIL : HEAD;
            default: return MISC;       // memmap, large kmalloc, vmalloc, driver pages, accounted, hwpoison
        }
    }
}
