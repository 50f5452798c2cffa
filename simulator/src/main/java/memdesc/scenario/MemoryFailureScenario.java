package memdesc.scenario;

import memdesc.model.Owner;
import memdesc.rmap.Rmap;
import memdesc.vmalloc.Vmalloc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** Builds memory of every kind, then injects failures at seeded pages of each kind and records the verdicts. */
final class MemoryFailureScenario implements Scenario {
    @Override
    public String name() {
        return "memory_failure";
    }

    @Override
    public List<String> users() {
        return List.of("memory_failure", "pagecache", "rmap", "pgtable", "slab", "kmalloc_large", "page_pool", "zsmalloc", "vmalloc", "memcg");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        Map<String, List<Long>> victims = new LinkedHashMap<>();
        // file and anon
        long as = k.pc.newMapping(1);
        List<Long> file = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int order = r.nextInt(4);
            long f = k.pc.add(as, i * 16L, order, 1);
            file.add(k.folios.pfn(f) + r.nextLong(1L << order));
        }
        Rmap.Proc p = k.rmap.spawn(2);
        List<Long> anon = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            k.rmap.fault(p, i);
            anon.add(k.rmap.pfnAt(p, i));
        }
        Rmap.Proc c = k.rmap.fork(p);
        // kernel memory of every kind
        List<Long> slabObjs = new ArrayList<>();
        for (int i = 0; i < 50; i++) slabObjs.add(k.slab.alloc(k.slab.kmallocCache(512), 0));
        long mm = k.pt.newMm(0);
        List<Long> tables = new ArrayList<>();
        for (int i = 0; i < 5; i++) tables.add(k.pt.alloc(mm));
        List<Long> large = new ArrayList<>();
        for (int i = 0; i < 5; i++) large.add(k.kmalloc.kmalloc(16384, 0));
        List<Long> pp = new ArrayList<>();
        for (int i = 0; i < 5; i++) pp.add(k.pool.alloc());
        List<Long> zh = new ArrayList<>();
        for (int i = 0; i < 40; i++) zh.add(k.zs.store(i, i));
        Vmalloc.Area va = k.vmalloc.vmalloc(8, 7);
        List<long[]> acc = new ArrayList<>();
        for (int i = 0; i < 5; i++) acc.add(new long[] {k.memcg.allocAccounted(0, 1), 0});
        long freeBlock = k.buddy.allocPages(3);
        k.buddy.freePages(freeBlock, 3);
        k.peak();

        victims.put("free", List.of(freeBlock + 1 + r.nextInt(7)));
        victims.put("file", List.of(file.get(r.nextInt(file.size())), file.get(r.nextInt(file.size()))));
        victims.put("anon", List.of(anon.get(r.nextInt(anon.size()))));
        victims.put("slab", List.of(k.m.mem.virtToPfn(slabObjs.get(r.nextInt(slabObjs.size())))));
        victims.put("pgtable", List.of(tables.get(r.nextInt(tables.size()))));
        victims.put("kmalloc", List.of(k.m.mem.virtToPfn(large.get(r.nextInt(large.size()))) + r.nextInt(4)));
        victims.put("page_pool", List.of(k.pool.pfnOf(pp.get(r.nextInt(pp.size())))));
        victims.put("vmalloc", List.of(k.m.pfn(k.m.mem.read64(va.pages() + 8L * r.nextInt(8)))));
        victims.put("accounted", List.of(acc.get(r.nextInt(acc.size()))[0]));
        victims.put("memmap", List.of(r.nextLong(k.m.memmapFrames)));
        long ops = 0;
        Set<Long> done = new LinkedHashSet<>();
        for (var e : victims.entrySet())
            for (long pfn : e.getValue()) {
                if (Boolean.getBoolean("memdesc.debug")) System.out.println("inject " + e.getKey() + " pfn " + pfn);
                String verdict = k.failure.inject(pfn);
                if (Boolean.getBoolean("memdesc.debug")) k.check();
                if (!done.add(pfn)) verdict = "(again) " + verdict;
                t.add(e.getKey() + " -> " + verdict);
                ops++;
            }
        k.peak();
        // tear down what is left; poisoned pages stay out of use
        for (long o : slabObjs) k.slab.free(o);
        for (long tpfn : tables) k.pt.free(tpfn);
        k.pt.freeMm(mm);
        for (long a : large) k.kmalloc.kfree(a);
        for (long d : pp) k.pool.put(d);
        k.pool.drain();
        for (long h : zh) k.zs.free(h);
        k.vmalloc.vfree(va);
        for (long[] a : acc) if (k.m.ownerOf(a[0]) != Owner.HWPOISON) k.memcg.freeAccounted(a[0], 0);
        k.rmap.exit(c);
        k.rmap.exit(p);
        k.pc.deleteMapping(as);
        return ops;
    }
}
