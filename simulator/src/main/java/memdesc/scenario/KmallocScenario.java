package memdesc.scenario;

import memdesc.model.ModelFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small and large kmalloc, some charged to an objcg; a large kfree must give back the objcg it charged. */
final class KmallocScenario implements Scenario {
    @Override
    public String name() {
        return "kmalloc";
    }

    @Override
    public List<String> users() {
        return List.of("kmalloc_large", "slab");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        List<long[]> live = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long size = r.nextBoolean() ? 8 + r.nextInt(4000) : 8192L << r.nextInt(8);
            long objcg = k.memcg != null && r.nextBoolean() ? k.memcg.objcg(1) : 0;
            long a = k.kmalloc.kmalloc(size, objcg);
            k.m.mem.write64(a, size);
            live.add(new long[] {a, size, objcg});
            if (live.size() > 60) {
                long[] x = live.remove(r.nextInt(live.size()));
                if (k.m.mem.read64(x[0]) != x[1]) throw ModelFailure.of("kmalloc data lost");
                long charged = k.kmalloc.kfree(x[0]);
                if (x[1] > k.slab.kmallocMax() && k.kmalloc.keepsObjcg() && charged != x[2]) throw ModelFailure.of("large kmalloc forgot its objcg");
            }
        }
        k.peak();
        for (long[] x : live) k.kmalloc.kfree(x[0]);
        return 400 + live.size();
    }
}
