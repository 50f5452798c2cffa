package memdesc.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** zsmalloc: objects stored, half freed, the rest loaded back intact; some stored in huge pages. */
final class ZsmallocScenario implements Scenario {
    @Override
    public String name() {
        return "zsmalloc";
    }

    @Override
    public List<String> users() {
        return List.of("zsmalloc", "slab");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        List<long[]> live = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            long a = r.nextLong(), b = r.nextLong();
            live.add(new long[] {i % 50 == 0 ? k.zs.storeHuge(a, b) : k.zs.store(a, b), a, b});
        }
        k.peak();
        int bad = 0;
        for (int i = 0; i < 1500; i++) {
            long[] x = live.remove(r.nextInt(live.size()));
            k.zs.free(x[0]);
        }
        for (long[] x : live) {
            long[] v = k.zs.load(x[0]);
            if (v[0] != x[1] || v[1] != x[2]) bad++;
        }
        t.add("objects read back intact: " + (live.size() - bad) + " of " + live.size());
        for (long[] x : live) k.zs.free(x[0]);
        return 3000 + 1500 + 2 * live.size();
    }
}
