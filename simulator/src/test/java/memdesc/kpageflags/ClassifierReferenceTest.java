package memdesc.kpageflags;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The streaming classifier (stretches of identical words counted at once, runs scanned from
 * their head, runs open across buffers, a cache of classes by word) gives exactly the
 * Classification of a straightforward PFN-by-PFN walk over the whole dump in memory, calling
 * {@link Flags#classOf} for every page.
 */
class ClassifierReferenceTest {
    @TempDir Path dir;

    /** The straightforward walk: one PFN at a time, no caches, no stretches. */
    static Classification reference(String source, long[] f, long[] count) {
        int nc = PageClass.values().length;
        long[][] alloc = new long[nc][64];
        long[] mapped = new long[nc], mapcnt = new long[nc];
        Classifier.Reason[] reasons = Classifier.Reason.values();
        long[] rPages = new long[reasons.length], rRuns = new long[reasons.length], rFirst = new long[reasons.length];
        java.util.Arrays.fill(rFirst, -1);
        int u = PageClass.UNCLASSIFIED.ordinal();
        long start = -1, len = 0, head = 0, runMapped = 0, runMapcount = 0;
        boolean mixed = false, prevOrphan = false;
        for (int i = 0; i <= f.length; i++) {
            long w = i < f.length ? f[i] : 0;
            long c = count == null || i == f.length ? 0 : count[i];
            boolean tail = i < f.length && (w & Flags.TAIL) != 0;
            if (tail && start >= 0) {
                len++;
                mixed |= ((w ^ head) & Flags.OWNER_MASK) != 0;
                if (c != 0) { runMapped++; runMapcount += c; }
                continue;
            }
            if (start >= 0) { // the run ends here
                Classifier.Reason bad = i == f.length ? Classifier.Reason.TRUNCATED
                        : Long.bitCount(len) != 1 ? Classifier.Reason.NOT_POWER_OF_TWO
                        : start % len != 0 ? Classifier.Reason.MISALIGNED
                        : mixed ? Classifier.Reason.MIXED_OWNER : null;
                int k = u;
                if (bad == null) {
                    k = Flags.classOf(head).ordinal();
                    alloc[k][Long.numberOfTrailingZeros(len)]++;
                } else {
                    rPages[bad.ordinal()] += len;
                    rRuns[bad.ordinal()]++;
                    if (rFirst[bad.ordinal()] < 0) rFirst[bad.ordinal()] = start;
                }
                mapped[k] += runMapped;
                mapcnt[k] += runMapcount;
                start = -1;
            }
            if (i == f.length) break;
            boolean orphan = tail;
            if (orphan) {
                int r = Classifier.Reason.TAIL_WITHOUT_HEAD.ordinal();
                rPages[r]++;
                if (!prevOrphan) rRuns[r]++;
                if (rFirst[r] < 0) rFirst[r] = i;
                if (c != 0) { mapped[u]++; mapcnt[u] += c; }
            } else if ((w & Flags.HEAD) != 0) {
                start = i;
                len = 1;
                head = w;
                mixed = false;
                runMapped = c != 0 ? 1 : 0;
                runMapcount = c;
            } else {
                int k = Flags.classOf(w).ordinal();
                alloc[k][0]++;
                if (c != 0) { mapped[k]++; mapcnt[k] += c; }
            }
            prevOrphan = orphan;
        }
        Map<PageClass, Classification.Count> counts = new EnumMap<>(PageClass.class);
        for (PageClass k : PageClass.values()) {
            Map<Integer, Long> byOrder = new TreeMap<>();
            long pages = 0;
            for (int o = 0; o < 64; o++)
                if (alloc[k.ordinal()][o] != 0) {
                    byOrder.put(o, alloc[k.ordinal()][o]);
                    pages += alloc[k.ordinal()][o] << o;
                }
            if (k == PageClass.UNCLASSIFIED) for (long p : rPages) pages += p;
            counts.put(k, new Classification.Count(pages, byOrder, mapped[k.ordinal()], mapcnt[k.ordinal()]));
        }
        List<Classification.Unclassified> un = new ArrayList<>();
        for (Classifier.Reason r : reasons)
            if (rPages[r.ordinal()] != 0)
                un.add(new Classification.Unclassified(r.text, rPages[r.ordinal()], rRuns[r.ordinal()], rFirst[r.ordinal()]));
        return new Classification(source, f.length, count != null, counts, un);
    }

    private void assertSame(Path flags, Path count) throws Exception {
        long[] f = KPageFlagsTest.longs(flags);
        long[] c = count == null ? null : KPageFlagsTest.longs(count);
        assertEquals(reference(flags.toString(), f, null), KPageFlags.classify(flags, null), "flags only: " + flags);
        if (count != null)
            assertEquals(reference(flags.toString(), f, c), KPageFlags.classify(flags, count), "with kpagecount: " + flags);
    }

    @Test void shippedRealDump() throws Exception {
        assertSame(KPageFlagsTest.gunzip(dir, "vm-6.18-first5GiB.kpageflags.gz"),
                KPageFlagsTest.gunzip(dir, "vm-6.18-first5GiB.kpagecount.gz"));
    }

    @Test void liveDumpOfThisMachine() throws Exception {
        assumeTrue(Files.isReadable(KPageFlags.LIVE_FLAGS) && Files.isReadable(KPageFlags.LIVE_COUNT),
                "skipped: /proc/kpageflags is not readable here (needs root)");
        Path flags = dir.resolve("kpageflags"), count = dir.resolve("kpagecount");
        try (InputStream in = Files.newInputStream(KPageFlags.LIVE_FLAGS)) {
            Files.copy(in, flags, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            assumeTrue(false, "skipped: /proc/kpageflags cannot be read here: " + e.getMessage());
        }
        try (InputStream in = Files.newInputStream(KPageFlags.LIVE_COUNT)) {
            Files.copy(in, count, StandardCopyOption.REPLACE_EXISTING);
        }
        assumeTrue(Files.size(flags) == Files.size(count), "skipped: memory was hot-plugged between the two reads");
        assertSame(flags, count);
    }

    /**
     * Every case the fast path treats specially, across many buffers: identical heads in a row,
     * runs and stretches that cross buffer boundaries, orphan tails, bad runs of each kind, a run
     * cut off by the end, and thousands of distinct words so the class cache keeps evicting.
     */
    @Test void adversarialMixAcrossBuffers() throws Exception {
        SplittableRandom r = new SplittableRandom(6);
        int n = 40 * KPageFlags.BUFFER / 8 + 12345;
        long[] f = new long[n], c = new long[n];
        long[] owners = {0, Flags.BUDDY, Flags.SLAB, Flags.ANON | Flags.LRU, Flags.ANON | Flags.KSM, Flags.LRU | Flags.UPTODATE,
                Flags.PGTABLE, Flags.HUGE, Flags.RESERVED, Flags.OFFLINE, Flags.HWPOISON, Flags.NOPAGE, Flags.ZERO_PAGE, 1L << 2};
        int i = 0;
        while (i < n) {
            long owner = owners[r.nextInt(owners.length)];
            long noise = r.nextInt(8) == 0 ? (long) r.nextInt(4096) << 40 : 0; // distinct words: cache misses
            int pick = r.nextInt(20);
            boolean compound = pick >= 8 && pick < 16;
            int len = pick < 8 ? 1 + r.nextInt(3)                // order-0 pages
                    : pick < 14 ? 1 << r.nextInt(12)             // compound runs of orders 0-11
                    : pick < 16 ? 1 + r.nextInt(40)              // compound runs of any length, or orphan tails
                    : pick < 18 ? 2 + r.nextInt(4)               // identical heads in a row, maybe a tail after
                    : 1 + r.nextInt(3 * KPageFlags.BUFFER / 8);  // long stretches of one word
            if (pick >= 8 && pick < 14 && r.nextInt(20) != 0)   // mostly well-formed: at aligned PFNs
                while (i % len != 0 && i < n) f[i++] = Flags.BUDDY;
            int changed = r.nextInt(30) == 0 ? 1 + r.nextInt(len) : -1; // this tail's owner changed mid-read
            for (int k = 0; k < len && i < n; k++, i++) {
                long w = owner | noise;
                if (compound) {
                    w |= k == 0 && pick != 15 ? Flags.HEAD : Flags.TAIL; // 15: tails alone
                    if (k == changed) w ^= Flags.SLAB;
                }
                if (pick == 16 || pick == 17) w |= k < len - 1 || pick == 16 ? Flags.HEAD : Flags.TAIL;
                f[i] = w;
                c[i] = r.nextInt(3) == 0 ? r.nextInt(5) : 0;
            }
        }
        int b = KPageFlags.BUFFER / 8; // PFNs per buffer
        f[3 * b - 4] = Flags.HEAD | Flags.SLAB; // a run that ends exactly where a buffer ends
        f[3 * b - 3] = f[3 * b - 2] = f[3 * b - 1] = Flags.TAIL | Flags.SLAB;
        f[3 * b] = 0;
        f[8 * b] = Flags.HEAD | Flags.ANON; // a run over two whole buffers
        for (int k = 8 * b + 1; k < 10 * b; k++) f[k] = Flags.TAIL | Flags.ANON;
        f[10 * b] = 0;
        f[12 * b - 1] = 0;
        f[12 * b] = Flags.TAIL | Flags.LRU; // orphan tails that start a buffer
        f[12 * b + 1] = Flags.TAIL | Flags.HEAD | Flags.LRU; // HEAD|TAIL reads as a tail
        f[n - 3] = Flags.HEAD | Flags.LRU;
        f[n - 2] = f[n - 1] = Flags.TAIL | Flags.LRU; // cut off by the end
        Classification want = reference("x", f, null);
        assertEquals(Classifier.Reason.values().length, want.unclassified().size(), want.unclassified().toString());
        assertTrue(want.pages(PageClass.UNCLASSIFIED) < n / 2, "mostly well-formed");
        assertEquals(1, want.allocations(PageClass.ANON, 15), "the run over two buffers");
        for (int o = 1; o < 12; o++) {
            long all = 0;
            for (PageClass k : PageClass.values()) all += want.allocations(k, o);
            assertTrue(all > 0, "compound runs of order " + o);
        }
        assertSame(KPageFlagsTest.dump(dir, "mix", f), KPageFlagsTest.dump(dir, "mixcount", c));
    }
}
