package memdesc.scenario;

import java.util.List;
import java.util.SplittableRandom;

/** Dropping the last references in bulk: folios_put() on a folio batch and release_pages() on page arrays. */
final class ReleasePagesScenario implements Scenario {
    @Override
    public String name() {
        return "release_pages";
    }

    @Override
    public List<String> users() {
        return List.of("release_pages", "pagecache");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        long as = k.pc.newMapping(k.group(1));
        int n = 124;
        long[] fs = new long[n];
        for (int i = 0; i < n; i++) {
            fs[i] = k.pc.add(as, i * 2L, r.nextInt(2), k.group(1));
            k.folios.get(fs[i]);           // a caller's reference, as a folio_batch or page array holds
        }
        k.peak();
        for (long f : fs) k.pc.remove(f, true);   // the cache drops its reference
        int viaBatch = 0, viaPages = 0;
        long fb = k.release.newBatch();
        for (int i = 0; i < n / 2; i++)
            if (k.release.add(fb, fs[i]) == 0) viaBatch += k.release.foliosPut(fb);
        viaBatch += k.release.foliosPut(fb);
        for (int b = n / 2; b < n; b += 31)
            viaPages += k.release.releasePageArray(java.util.Arrays.copyOfRange(fs, b, Math.min(n, b + 31)));
        t.add("folios_put freed " + viaBatch + ", release_pages on page arrays freed " + viaPages + " of " + n);
        k.pc.deleteMapping(as);
        return 2L * n;
    }
}
