package memdesc.scenario;

import memdesc.model.ModelFailure;
import memdesc.slab.Slab;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Slab churn over five caches; every object keeps its data and kfree() finds its cache from the address. */
final class SlabScenario implements Scenario {
    @Override
    public String name() {
        return "slab";
    }

    @Override
    public List<String> users() {
        return List.of("slab");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        Slab.Cache[] caches = {k.slab.kmallocCache(64), k.slab.kmallocCache(256), k.slab.kmallocCache(1024),
                k.slab.create("dentry", 192, false), k.slab.create("task_struct", 3328, false)};
        List<long[]> live = new ArrayList<>();
        long ops = 0, sum = 0;
        for (int i = 0; i < 30000; i++) {
            if (live.isEmpty() || r.nextInt(100) < 60) {
                int c = r.nextInt(caches.length);
                long obj = k.slab.alloc(caches[c], 0);
                long v = r.nextLong();
                k.m.mem.write64(obj + 8, v);
                live.add(new long[] {obj, c, v});
            } else {
                long[] o = live.remove(r.nextInt(live.size()));
                if (k.m.mem.read64(o[0] + 8) != o[2]) throw ModelFailure.of("slab object of " + caches[(int) o[1]].name() + " lost its data");
                if (k.slab.cacheOf(o[0]) != caches[(int) o[1]]) throw ModelFailure.of("kfree would find the wrong cache for an object");
                k.slab.free(o[0]);
                sum += o[2] & 0xff;
            }
            ops++;
            if (i == 15000) k.peak();
        }
        t.add("objects' data read back at free, checksum " + sum);
        for (long[] o : live) k.slab.free(o[0]);
        for (Slab.Cache c : caches) k.slab.shrink(c);   // kmem_cache_shrink(): the cpu partial list's empty slabs go
        for (Slab.Cache c : caches) if (c.inuse() != 0 || c.slabs() != 0) throw ModelFailure.of("cache " + c.name() + " not empty");
        return ops + live.size();
    }
}
