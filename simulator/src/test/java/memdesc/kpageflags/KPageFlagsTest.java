package memdesc.kpageflags;

import memdesc.cost.Population;
import memdesc.steps.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Classification of real dumps, checked against a second, deliberately naive decoder that
 * counts flag bits and compound runs over the raw words.
 */
class KPageFlagsTest {
    // KPF bit numbers, written out again here (not taken from the code under test)
    static final long SLAB = 1L << 7, BUDDY = 1L << 10, ANON = 1L << 12, HEAD = 1L << 15, TAIL = 1L << 16,
            HWPOISON = 1L << 19, NOPAGE = 1L << 20, OFFLINE = 1L << 23, RESERVED = 1L << 32;

    @TempDir Path dir;

    /** The naive decoder: every word read into memory, bits counted, runs measured. */
    record Naive(long words, long zero, long buddy, long slab, long reserved, long hwpoisonOrOffline,
                 long[] runsByOrder, long[] slabRunsByOrder, long badRuns, long anonMapped) {
        static Naive of(long[] f, long[] count) {
            long zero = 0, buddy = 0, slab = 0, reserved = 0, odd = 0, bad = 0, anonMapped = 0;
            long[] runs = new long[64], slabRuns = new long[64];
            for (int i = 0; i < f.length; i++) {
                long v = f[i];
                if (v == 0) zero++;
                if ((v & BUDDY) != 0) buddy++;
                if ((v & SLAB) != 0) slab++;
                if ((v & RESERVED) != 0) reserved++;
                if ((v & (HWPOISON | OFFLINE | NOPAGE)) != 0) odd++;
                if (count != null && (v & ANON) != 0 && count[i] > 0) anonMapped++;
                if ((v & HEAD) != 0) {
                    int j = i + 1;
                    while (j < f.length && (f[j] & TAIL) != 0) j++;
                    int len = j - i;
                    if (j == f.length || Integer.bitCount(len) != 1 || i % len != 0) bad++;
                    else {
                        runs[Integer.numberOfTrailingZeros(len)]++;
                        if ((v & SLAB) != 0) slabRuns[Integer.numberOfTrailingZeros(len)]++;
                    }
                } else if ((v & TAIL) != 0 && (i == 0 || (f[i - 1] & (HEAD | TAIL)) == 0)) {
                    bad++;
                }
            }
            return new Naive(f.length, zero, buddy, slab, reserved, odd, runs, slabRuns, bad, anonMapped);
        }
    }

    static long[] longs(Path p) throws Exception {
        byte[] b = Files.readAllBytes(p);
        long[] out = new long[b.length / 8];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    static Path gunzip(Path dir, String resource) throws Exception {
        Path out = dir.resolve(resource.replace(".gz", ""));
        try (InputStream in = new GZIPInputStream(KPageFlagsTest.class.getResourceAsStream("/kpageflags/" + resource))) {
            Files.copy(in, out);
        }
        return out;
    }

    private static void assertInvariants(Classification c, long fileBytes) {
        assertEquals(fileBytes / 8, c.pfns(), "one PFN per 8-byte word");
        long sum = Arrays.stream(PageClass.values()).mapToLong(c::pages).sum();
        assertEquals(c.pfns(), sum, "every PFN in exactly one class");
        long unclassified = c.unclassified().stream().mapToLong(Classification.Unclassified::pages).sum();
        assertEquals(c.pages(PageClass.UNCLASSIFIED), unclassified);
        for (PageClass k : PageClass.values()) {
            long pages = 0;
            for (var e : c.counts().get(k).allocations().entrySet()) pages += e.getValue() << e.getKey();
            if (k != PageClass.UNCLASSIFIED) assertEquals(c.pages(k), pages, k + ": pages = sum of allocations x 2^order");
        }
        Population p = c.toPopulation();
        assertEquals(c.pfns(), p.frames());
        assertEquals(c.pfns(), p.slices().stream().mapToLong(Population.Slice::frames).sum(), "population covers every PFN");
    }

    /** Classes and orders agree with the naive decoder. */
    private static void assertAgrees(Classification c, Naive n) {
        assertEquals(n.words(), c.pfns());
        assertEquals(n.zero(), c.pages(PageClass.NO_FLAGS), "no-flags = zero words");
        if (n.hwpoisonOrOffline() == 0) assertEquals(n.buddy(), c.pages(PageClass.BUDDY), "buddy = words with KPF_BUDDY");
        if (n.badRuns() == 0) {
            assertTrue(c.unclassified().isEmpty(), c.unclassified().toString());
            assertEquals(n.slab(), c.pages(PageClass.SLAB), "slab = words with KPF_SLAB");
            for (int o = 1; o < 64; o++) {
                long all = 0;
                for (PageClass k : PageClass.values()) all += c.allocations(k, o);
                assertEquals(n.runsByOrder()[o], all, "compound allocations of order " + o);
                assertEquals(n.slabRunsByOrder()[o], c.allocations(PageClass.SLAB, o), "slabs of order " + o);
            }
        }
    }

    @Test void shippedRealDumpOfThisVm() throws Exception {
        Path flags = gunzip(dir, "vm-6.18-first5GiB.kpageflags.gz");
        Path count = gunzip(dir, "vm-6.18-first5GiB.kpagecount.gz");
        Classification c = KPageFlags.classify(flags, count);
        assertInvariants(c, Files.size(flags));
        Naive n = Naive.of(longs(flags), longs(count));
        assertAgrees(c, n);
        assertEquals(1_310_720, c.pfns(), "10 MiB of words");
        assertEquals(0, n.badRuns(), "this dump's compound runs are all well formed");
        // facts about this dump, found by the naive decoder, that the classification must show
        assertTrue(n.slab() > 0 && n.buddy() > 0 && n.reserved() > 0);
        assertTrue(c.pages(PageClass.RESERVED) > 0 && c.pages(PageClass.RESERVED) <= n.reserved());
        assertEquals(n.anonMapped(), c.counts().get(PageClass.ANON).mappedPages() + c.counts().get(PageClass.KSM).mappedPages(),
                "anon pages with a mapcount");
        assertTrue(c.pages(PageClass.FILE) > 0 && c.pages(PageClass.ANON) > 0);
        assertTrue(c.text().contains("slab"));
    }

    @Test void liveKpageflagsDumpedAndClassified() throws Exception {
        assumeTrue(Files.isReadable(KPageFlags.LIVE_FLAGS) && canRead(KPageFlags.LIVE_FLAGS),
                "skipped: /proc/kpageflags is not readable here (needs root)");
        Path dump = dir.resolve("kpageflags");
        try (InputStream in = Files.newInputStream(KPageFlags.LIVE_FLAGS)) { // 8 KiB reads: aligned, multiples of 8
            Files.copy(in, dump, StandardCopyOption.REPLACE_EXISTING);
        }
        Classification c = KPageFlags.classify(dump, null);
        assertInvariants(c, Files.size(dump));
        Naive n = Naive.of(longs(dump), null);
        assertAgrees(c, n);

        // and straight from /proc (size 0, read to EOF), with kpagecount alongside
        Classification live = KPageFlags.classifyLive(true);
        assertEquals(c.pfns(), live.pfns(), "max_pfn does not change between two reads");
        assertInvariants(live, live.pfns() * 8);
        assertTrue(live.withCounts());
    }

    private static boolean canRead(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return in.read(new byte[8]) == 8;
        } catch (Exception e) {
            return false;
        }
    }

    static Path dump(Path dir, String name, long... words) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long w : words) b.putLong(w);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    @Test void inconsistentCompoundRunsAreUnclassifiedWithReasons() throws Exception {
        long lru = 1L << 5, file = lru | (1L << 3);
        Path p = dump(dir, "odd",
                TAIL | file,                          // 0: tail with no head
                0,                                    // 1
                HEAD | file, TAIL | file,             // 2-3: an order-1 folio, aligned
                HEAD | file, TAIL | file, TAIL | file,// 4-6: three pages: not a power of two
                0,                                    // 7
                0, HEAD | SLAB, TAIL | SLAB,          // 8-10: order-1 run at PFN 9: misaligned
                0,                                    // 11
                HEAD | file | ANON, TAIL | file,      // 12-13: tail disagrees with head (anon vs file)
                SLAB,                                 // 14: an order-0 slab
                HEAD | SLAB, TAIL | SLAB,             // 15-16: order-1 run at PFN 15: misaligned
                0);                                   // 17 (ends the run, so it is not cut off)
        Classification c = KPageFlags.classify(p, null);
        assertInvariants(c, Files.size(p));
        assertEquals(1, c.allocations(PageClass.FILE, 1));
        assertEquals(1, c.allocations(PageClass.SLAB, 0));
        assertEquals(5, c.pages(PageClass.NO_FLAGS), "PFNs 1, 7, 8, 11, 17");
        var reasons = c.unclassified();
        assertEquals(4, reasons.size(), reasons.toString());
        assertEquals(1, find(c, "no compound head").pages());
        assertEquals(0, find(c, "no compound head").firstPfn());
        assertEquals(3, find(c, "not a power of two").pages());
        assertEquals(4, find(c, "not aligned").pages(), "two misaligned runs of 2");
        assertEquals(9, find(c, "not aligned").firstPfn());
        assertEquals(2, find(c, "disagree").pages());

        Path cut = dump(dir, "cut", 0, 0, 0, 0, HEAD | file, TAIL | file, TAIL | file);
        assertEquals(3, find(KPageFlags.classify(cut, null), "cut off").pages());
    }

    private static Classification.Unclassified find(Classification c, String reason) {
        return c.unclassified().stream().filter(u -> u.reason().contains(reason)).findFirst()
                .orElseThrow(() -> new AssertionError("no reason '" + reason + "' in " + c.unclassified()));
    }

    @Test void badInputIsOneClearLine() throws Exception {
        Path ok = dump(dir, "ok", 0, 0, 0, 0);
        Path notMultiple = dir.resolve("twelve");
        Files.write(notMultiple, new byte[12]);
        assertError("not a multiple of 8", notMultiple, null);
        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        assertError("empty file", empty, null);
        assertError("is a directory", dir, null);
        assertError("no such file", dir.resolve("missing"), null);
        assertError("different length", ok, dump(dir, "short", 0, 0));
        assertError("different length", ok, dump(dir, "long", 0, 0, 0, 0, 0));
        assertError("not a multiple of 8", ok, notMultiple);
        // write-only for everyone, root included (sysctl permissions do not bend for root)
        Path writeOnly = Path.of("/proc/sys/vm/compact_memory");
        assumeTrue(Files.exists(writeOnly), "skipped: no /proc/sys/vm/compact_memory to test an unreadable file");
        assertError("permission denied", writeOnly, null);
    }

    private static void assertError(String text, Path flags, Path count) {
        InputException e = assertThrows(InputException.class, () -> KPageFlags.classify(flags, count));
        assertTrue(e.getMessage().contains(text), e.getMessage());
        assertTrue(e.getMessage().contains(": error: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
