package memdesc.scenario;

import java.util.List;
import java.util.SplittableRandom;

/** mlock: locked folios go to the unevictable list, reclaim skips them, munlock brings them back. */
final class MlockScenario implements Scenario {
    @Override
    public String name() {
        return "mlock";
    }

    @Override
    public List<String> users() {
        return List.of("mlock", "lru", "pagecache");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        long as = k.pc.newMapping(k.group(2));
        long[] fs = new long[64];
        for (int i = 0; i < fs.length; i++) fs[i] = k.pc.add(as, i * 4L, 2, k.group(2));
        int locks = 0;
        for (int i = 0; i < 100; i++) {
            k.mlock.mlock(fs[r.nextInt(fs.length)]);
            locks++;
        }
        t.add("unevictable pages " + k.lru.pages(memdesc.lru.Lru.UNEVICTABLE));
        k.peak();
        long[] victims = k.lru.isolateForReclaim(true, 1000);
        t.add("reclaim skips mlocked: isolated " + victims.length);
        for (long v : victims) k.lru.add(v);
        int unl = 0;
        for (long f : fs)
            while (k.mlock.mlocked(f)) {
                k.mlock.munlock(f);
                unl++;
            }
        t.add("unevictable after munlock " + k.lru.pages(memdesc.lru.Lru.UNEVICTABLE));
        k.pc.deleteMapping(as);
        return 64 + locks + unl;
    }
}
