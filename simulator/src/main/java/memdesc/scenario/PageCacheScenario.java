package memdesc.scenario;

import memdesc.model.ModelFailure;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The page cache: files filled with folios of orders 0-9, lookups, truncation, and reclaim from the
 * inactive file list.
 */
final class PageCacheScenario implements Scenario {
    @Override
    public String name() {
        return "pagecache";
    }

    @Override
    public List<String> users() {
        return List.of("pagecache", "lru");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        long[][] files = fill(k, r, 3, 60);
        long ops = 180;
        long hits = 0, sum = 0;
        for (long[] f : files)
            for (long i = 0; i < f[1]; i += 1 + r.nextInt(7)) {
                long v = k.pc.lookup(f[0], i);
                if (v != -1) {
                    hits++;
                    sum += v & 0xffff;
                }
                ops++;
            }
        t.add("lookups hit " + hits + ", checksum " + sum);
        k.peak();
        int truncated = k.pc.truncate(files[0][0], files[0][1] / 2);
        t.add("truncate half of file 0: " + truncated + " folios");
        long after = k.pc.lookup(files[0][0], files[0][1] - 1);
        t.add("lookup past truncation: " + (after == -1 ? "miss" : "hit"));
        // eviction: reclaim from the inactive file list
        long[] victims = k.lru.isolateForReclaim(true, 40);
        long evictedPages = 0;
        for (long v : victims) {
            evictedPages += k.folios.nrPages(v);
            k.pc.remove(v, true);
        }
        t.add("reclaimed " + victims.length + " folios, " + evictedPages + " pages");
        long left = 0;
        for (long[] f : files) left += k.pc.pagesOf(f[0]);
        t.add("pages still cached: " + left);
        k.peak();
        for (long[] f : files) k.pc.deleteMapping(f[0]);
        return ops + victims.length + truncated;
    }

    private static int randomOrder(SplittableRandom r) {
        int x = r.nextInt(100);
        return x < 50 ? 0 : x < 70 ? 1 + r.nextInt(2) : x < 90 ? 3 + r.nextInt(3) : 6 + r.nextInt(4);
    }

    /** Fills files with folios of orders 0-9 at aligned indexes; returns {as, next index} per file. */
    private static long[][] fill(Kernel k, SplittableRandom r, int files, int foliosPer) {
        long[][] fs = new long[files][];
        for (int f = 0; f < files; f++) {
            long as = k.pc.newMapping(k.group(1 + f % 2));
            long idx = 0;
            for (int i = 0; i < foliosPer; i++) {
                int order = randomOrder(r);
                idx = (idx + (1L << order) - 1) & -(1L << order);
                if (k.pc.add(as, idx, order, k.group(1 + f % 2)) == 0) throw ModelFailure.of("page cache: out of memory");
                idx += 1L << order;
            }
            fs[f] = new long[] {as, idx};
        }
        return fs;
    }
}
