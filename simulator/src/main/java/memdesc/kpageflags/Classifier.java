package memdesc.kpageflags;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static memdesc.kpageflags.Flags.HEAD;
import static memdesc.kpageflags.Flags.OWNER_MASK;
import static memdesc.kpageflags.Flags.TAIL;

/**
 * Classifies PFNs in order, one buffer at a time, holding only counters and the compound run
 * in progress: memory is bounded whatever the size of the dump.
 *
 * A compound allocation (folio, slab, hugetlb, large kmalloc…) reads as one COMPOUND_HEAD page
 * followed by COMPOUND_TAIL pages; the run's length gives its order. A run must be a power of
 * two long and start at a PFN aligned to its length (the buddy allocator hands out naturally
 * aligned blocks); otherwise its pages are unclassified with the reason.
 */
final class Classifier {
    enum Reason {
        TAIL_WITHOUT_HEAD("tail page with no compound head before it"),
        NOT_POWER_OF_TWO("compound run whose length is not a power of two"),
        MISALIGNED("compound run not aligned to its size"),
        TRUNCATED("compound run cut off by the end of the dump"),
        MIXED_OWNER("tail pages disagree with their head on the owner flags (the folio changed while it was read)");

        final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private static final PageClass[] CLASSES = PageClass.values();
    private static final int NOFLAGS = PageClass.NO_FLAGS.ordinal();

    private final long[][] allocations = new long[CLASSES.length][64];
    private final long[] mappedPages = new long[CLASSES.length];
    private final long[] mapcount = new long[CLASSES.length];
    private final long[] reasonPages = new long[Reason.values().length];
    private final long[] reasonRuns = new long[Reason.values().length];
    private final long[] reasonFirstPfn = new long[Reason.values().length];
    private final long[] order0 = new long[CLASSES.length];
    private long orphanEnd = -1;
    // the class cache of classIndex, right from the start: slot 0 is word 0's own slot and holds
    // its class (NO_FLAGS); any other slot holding 0 is never hit, word 0 never looks there
    private static final int SLOT_BITS = 10;
    private final long[] slotWord = new long[1 << SLOT_BITS];
    private final byte[] slotClass = new byte[1 << SLOT_BITS];
    private long pfn;

    // the compound run in progress
    private long runStart = -1;
    private long runLen;
    private long runHead;
    private boolean runMixed;
    private long runMapped;
    private long runMapcount;

    Classifier() {
        java.util.Arrays.fill(reasonFirstPfn, -1);
        java.util.Arrays.fill(slotClass, (byte) NOFLAGS);
    }

    /** Classifies the next {@code n} PFNs: flags from {@code flags}, mapcounts from {@code counts} (may be null). */
    void accept(long[] flags, long[] counts, int n) {
        if (counts == null) acceptFlags(flags, n);
        else acceptWithCounts(flags, counts, n);
    }

    // The hot loop: no allocation, the run in progress in locals. Dumps are long stretches of
    // one repeated word (the pages of a free block, holes, order-0 pages alike), so a page
    // without HEAD or TAIL skips over the identical words after it (load, compare, branch) and
    // counts the stretch at once; a head scans its tails at once and closes its run on the spot.
    // On a random mix of pages the branches mispredict about once per allocation, not once per
    // stretch; a run stays open across calls only when the buffer ends inside it.
    private void acceptFlags(long[] flags, int n) {
        long base = pfn;
        long[] order0 = this.order0;
        int i = 0;
        if (runStart >= 0) { // the run open at the end of the last buffer: its tails, if any, come first
            long head = runHead, mixed = 0;
            int j = 0;
            while (j < n && (flags[j] & TAIL) != 0) mixed |= flags[j++] ^ head;
            runLen += j;
            runMixed |= (mixed & OWNER_MASK) != 0;
            if (j < n) {
                closeRun(runStart, runLen, head, runMixed, 0, 0);
                runStart = -1;
            }
            i = j;
        }
        while (i < n) {
            long f = flags[i];
            int j = i + 1;
            if ((f & (HEAD | TAIL)) == 0) {
                while (j < n && flags[j] == f) j++;
                order0[classIndex(f)] += j - i;
            } else if ((f & TAIL) == 0) { // a head: its run is the tails after it
                long mixed = 0;
                while (j < n && (flags[j] & TAIL) != 0) mixed |= flags[j++] ^ f;
                if (j < n) {
                    closeRun(base + i, j - i, f, (mixed & OWNER_MASK) != 0, 0, 0);
                } else { // the buffer ends inside the run: keep it open
                    runStart = base + i;
                    runLen = j - i;
                    runHead = f;
                    runMixed = (mixed & OWNER_MASK) != 0;
                }
            } else { // a tail with no head before it
                while (j < n && (flags[j] & TAIL) != 0) j++;
                unclassified(Reason.TAIL_WITHOUT_HEAD, base + i, j - i);
            }
            i = j;
        }
        pfn = base + n;
    }

    private void acceptWithCounts(long[] flags, long[] counts, int n) {
        long base = pfn;
        for (int i = 0; i < n; i++) {
            long f = flags[i];
            long c = counts[i];
            if ((f & TAIL) != 0) {
                if (runStart >= 0) {
                    runLen++;
                    if (((f ^ runHead) & OWNER_MASK) != 0) runMixed = true;
                    if (c != 0) { runMapped++; runMapcount += c; }
                } else {
                    unclassified(Reason.TAIL_WITHOUT_HEAD, base + i, 1);
                    if (c != 0) { mappedPages[PageClass.UNCLASSIFIED.ordinal()]++; mapcount[PageClass.UNCLASSIFIED.ordinal()] += c; }
                }
                continue;
            }
            if (runStart >= 0) {
                closeRun(runStart, runLen, runHead, runMixed, runMapped, runMapcount);
                runStart = -1;
            }
            if ((f & HEAD) != 0) {
                runStart = base + i;
                runLen = 1;
                runHead = f;
                runMixed = false;
                runMapped = c != 0 ? 1 : 0;
                runMapcount = c;
                continue;
            }
            int k = classIndex(f);
            order0[k]++;
            if (c != 0) { mappedPages[k]++; mapcount[k] += c; }
        }
        pfn = base + n;
    }

    /**
     * {@link Flags#classOf} through a direct-mapped cache keyed by the whole word: a dump holds
     * few distinct words (tens to hundreds), so the chain of bit tests runs once per word value
     * and a lookup is a multiply, a load and a well-predicted compare.
     */
    private int classIndex(long f) {
        int s = (int) ((f * 0x9E3779B97F4A7C15L) >>> (64 - SLOT_BITS));
        if (slotWord[s] != f) {
            slotWord[s] = f;
            slotClass[s] = (byte) Flags.classOf(f).ordinal();
        }
        return slotClass[s];
    }

    private void closeRun(long start, long len, long head, boolean mixed, long mapped, long mapcnt) {
        Reason bad = null;
        if (Long.bitCount(len) != 1) bad = Reason.NOT_POWER_OF_TWO;
        else if ((start & (len - 1)) != 0) bad = Reason.MISALIGNED;
        else if (mixed) bad = Reason.MIXED_OWNER;
        int k;
        if (bad != null) {
            unclassified(bad, start, len);
            reasonRuns[bad.ordinal()]++;
            k = PageClass.UNCLASSIFIED.ordinal();
        } else {
            k = classIndex(head);
            allocations[k][Long.numberOfTrailingZeros(len)]++;
        }
        mappedPages[k] += mapped;
        mapcount[k] += mapcnt;
    }

    private void unclassified(Reason r, long at, long pages) {
        int i = r.ordinal();
        reasonPages[i] += pages;
        if (r == Reason.TAIL_WITHOUT_HEAD) {
            if (at != orphanEnd) reasonRuns[i]++; // a new stretch of orphan tails
            orphanEnd = at + pages;
        }
        if (reasonFirstPfn[i] < 0) reasonFirstPfn[i] = at;
    }

    /** Ends the dump: a run still open was cut off. */
    Classification finish(String source, boolean withCounts) {
        if (runStart >= 0) {
            unclassified(Reason.TRUNCATED, runStart, runLen);
            reasonRuns[Reason.TRUNCATED.ordinal()]++;
            mappedPages[PageClass.UNCLASSIFIED.ordinal()] += runMapped;
            mapcount[PageClass.UNCLASSIFIED.ordinal()] += runMapcount;
            runStart = -1;
        }
        for (int k = 0; k < CLASSES.length; k++) allocations[k][0] += order0[k];
        Map<PageClass, Classification.Count> counts = new EnumMap<>(PageClass.class);
        long unclassifiedPages = 0;
        for (long p : reasonPages) unclassifiedPages += p;
        for (PageClass c : CLASSES) {
            Map<Integer, Long> byOrder = new TreeMap<>();
            long pages = 0;
            if (c == PageClass.UNCLASSIFIED) {
                pages = unclassifiedPages;
            } else {
                for (int o = 0; o < 64; o++) {
                    long a = allocations[c.ordinal()][o];
                    if (a != 0) {
                        byOrder.put(o, a);
                        pages += a << o;
                    }
                }
            }
            counts.put(c, new Classification.Count(pages, byOrder, mappedPages[c.ordinal()], mapcount[c.ordinal()]));
        }
        List<Classification.Unclassified> reasons = new ArrayList<>();
        for (Reason r : Reason.values())
            if (reasonPages[r.ordinal()] != 0)
                reasons.add(new Classification.Unclassified(r.text, reasonPages[r.ordinal()], reasonRuns[r.ordinal()],
                        reasonFirstPfn[r.ordinal()]));
        return new Classification(source, pfn, withCounts, counts, reasons);
    }
}
