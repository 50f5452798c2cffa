package memdesc.scenario;

import memdesc.rmap.Rmap;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Compaction migrates file folios with buffer heads, forked anon memory and zsmalloc pages; the data,
 * lookups and buffers must survive the move.
 */
final class CompactionScenario implements Scenario {
    @Override
    public String name() {
        return "compaction";
    }

    @Override
    public List<String> users() {
        return List.of("compaction", "pagecache", "rmap", "pgtable", "zsmalloc", "buffer_head");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        long as = k.pc.newMapping(k.group(1));
        int nf = 80;
        for (int i = 0; i < nf; i++) {
            long f = k.pc.add(as, i * 4L, r.nextInt(3), k.group(1));
            if (i % 3 == 0) k.bh.attach(f, 2, 500L * i);
        }
        Rmap.Proc p = k.rmap.spawn(k.group(2));
        for (int i = 0; i < 200; i++) k.rmap.fault(p, i);
        Rmap.Proc c = k.rmap.fork(p);
        List<long[]> objs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long a = r.nextLong();
            objs.add(new long[] {k.zs.store(a, ~a), a});
        }
        long before = 0;
        for (int i = 0; i < 200; i++) before += k.rmap.read(c, i) & 0xffff;
        k.peak();
        Compaction_ res = new Compaction_(k.compaction.compact(k.m.memmapFrames, k.m.frames));
        t.add("migrated " + res.r.folios() + " folios (" + res.r.pages() + " pages), " + res.r.zsPages() + " zsmalloc pages, "
                + res.r.ptes() + " PTEs updated");
        long after = 0;
        for (int i = 0; i < 200; i++) after += k.rmap.read(c, i) & 0xffff;
        int lookups = 0;
        for (int i = 0; i < nf; i++) if (k.pc.lookup(as, i * 4L) != -1) lookups++;
        int zok = 0;
        for (long[] o : objs) {
            long[] v = k.zs.load(o[0]);
            if (v[0] == o[1] && v[1] == ~o[1]) zok++;
        }
        int bhOk = 0;
        for (int i = 0; i < nf; i += 3) {
            long f = k.pc.find(as, i * 4L);
            if (k.bh.hasBuffers(f) && k.bh.walk(f)[0] == 2) bhOk++;
        }
        t.add("after migration: anon data intact " + (before == after) + ", file lookups " + lookups + ", zsmalloc intact " + zok
                + ", buffer heads intact " + bhOk);
        k.peak();
        for (long[] o : objs) k.zs.free(o[0]);
        k.rmap.exit(c);
        k.rmap.exit(p);
        for (int i = 0; i < nf; i += 3) {
            long f = k.pc.find(as, i * 4L);
            if (k.bh.hasBuffers(f)) k.bh.detach(f);
        }
        k.pc.deleteMapping(as);
        return res.r.folios() + res.r.zsPages() + 680;
    }

    private record Compaction_(memdesc.migrate.Compaction.Result r) {}
}
