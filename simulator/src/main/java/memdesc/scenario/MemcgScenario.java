package memdesc.scenario;

import memdesc.model.ModelFailure;
import memdesc.slab.Slab;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Memory cgroups: page-cache folios, accounted pages and accounted slab objects charged to two groups,
 * each found again through its descriptor, then uncharged.
 */
final class MemcgScenario implements Scenario {
    @Override
    public String name() {
        return "memcg";
    }

    @Override
    public List<String> users() {
        return List.of("memcg", "pagecache", "kmalloc_large");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        long[] a = {k.pc.newMapping(1), k.pc.newMapping(2)};
        for (int f = 0; f < 2; f++)
            for (int i = 0; i < 50 + 30 * f; i++) k.pc.add(a[f], i * 2L, 1, 1 + f);
        List<long[]> pages = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int g = 1 + r.nextInt(2), order = r.nextInt(3);
            pages.add(new long[] {k.memcg.allocAccounted(order, g), order, g});
        }
        Slab.Cache acc = k.slab.create("accounted_objs", 512, true);
        List<long[]> objs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int g = 1 + r.nextInt(2);
            long o = k.slab.alloc(acc, k.memcg.objcg(g));
            k.memcg.chargeKmem(k.memcg.objcg(g), acc.size());
            objs.add(new long[] {o, g});
        }
        for (long[] o : objs)
            if (k.slab.objcgOf(o[0]) != k.memcg.objcg((int) o[1])) throw new ModelFailure("memcg", "slab.obj_exts", k.m.pfnOfAddress(o[0]), "slab object charged to the wrong objcg");
        for (long[] p : pages)
            if (k.memcg.accountedObjcg(p[0]) != k.memcg.objcg((int) p[2])) throw new ModelFailure("memcg", null, p[0], "accounted page names the wrong objcg");
        for (int g = 1; g <= 2; g++) t.add("group " + k.memcg.name(g) + ": pages " + k.memcg.usagePages(g) + ", kmem " + k.memcg.kmemBytes(g));
        k.peak();
        for (long[] o : objs) k.memcg.unchargeKmem(k.slab.free(o[0]), acc.size());
        for (long[] p : pages) k.memcg.freeAccounted(p[0], (int) p[1]);
        for (long as : a) k.pc.deleteMapping(as);
        for (int g = 1; g <= 2; g++) t.add("group " + k.memcg.name(g) + " after uncharge: pages " + k.memcg.usagePages(g) + ", kmem " + k.memcg.kmemBytes(g));
        return 130 + 40 + 300;
    }
}
