package memdesc.scenario;

import java.util.List;
import java.util.SplittableRandom;

/** LRU aging on one file: activate, rotate and mark referenced at random, then reclaim in LRU order. */
final class LruScenario implements Scenario {
    @Override
    public String name() {
        return "lru";
    }

    @Override
    public List<String> users() {
        return List.of("lru", "pagecache");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        long as = k.pc.newMapping(k.group(1));
        long[] fs = new long[200];
        for (int i = 0; i < fs.length; i++) fs[i] = k.pc.add(as, i, 0, k.group(1));
        int activated = 0, rotated = 0;
        for (int i = 0; i < 300; i++) {
            long f = fs[r.nextInt(fs.length)];
            switch (r.nextInt(3)) {
                case 0 -> {
                    k.lru.activate(f);
                    activated++;
                }
                case 1 -> {
                    if (!isActive(k, f)) {
                        k.lru.rotate(f);
                        rotated++;
                    }
                }
                default -> k.lru.markReferenced(f);
            }
        }
        t.add("inactive_file " + k.lru.pages(memdesc.lru.Lru.INACTIVE_FILE) + " active_file " + k.lru.pages(memdesc.lru.Lru.ACTIVE_FILE));
        k.peak();
        long[] victims = k.lru.isolateForReclaim(true, 50);
        StringBuilder order = new StringBuilder();
        for (long v : victims) {
            order.append(k.pc.indexOf(v)).append(' ');
            k.pc.remove(v, true);
        }
        t.add("reclaim order: " + order.toString().trim());
        t.add("after reclaim inactive_file " + k.lru.pages(memdesc.lru.Lru.INACTIVE_FILE) + " active_file " + k.lru.pages(memdesc.lru.Lru.ACTIVE_FILE));
        k.pc.deleteMapping(as);
        return 200 + 300 + victims.length;
    }

    private static boolean isActive(Kernel k, long folio) {
        for (long f : k.lru.folios(memdesc.lru.Lru.ACTIVE_FILE)) if (f == folio) return true;
        return false;
    }
}
