package memdesc.scenario;

import memdesc.model.ModelFailure;
import memdesc.pgtable.PageTables;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Page tables: ptdescs deposited on one mm, PTEs written and read back with the ptdesc's mm and memcg. */
final class PgtableScenario implements Scenario {
    @Override
    public String name() {
        return "pgtable";
    }

    @Override
    public List<String> users() {
        return List.of("pgtable");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        List<long[]> tables = new ArrayList<>();
        long mm = k.pt.newMm(k.memcg == null ? 0 : k.memcg.objcg(1));
        long sum = 0;
        for (int i = 0; i < 200; i++) {
            long pfn = k.pt.alloc(mm);
            int e = r.nextInt(PageTables.PTRS);
            long pte = (long) r.nextInt(1 << 20) << 12 | 1;
            k.pt.set(pfn, e, pte);
            tables.add(new long[] {pfn, e, pte});
        }
        t.add("tables deposited on the mm: " + k.pt.tables(mm) + ", mms on pgd_list: " + k.pt.mms());
        k.peak();
        for (long[] x : tables) {
            if (k.pt.get(x[0], (int) x[1]) != x[2]) throw ModelFailure.of("PTE lost");
            if (k.pt.mmOf(x[0]) != mm) throw ModelFailure.of("ptdesc lost its mm");
            if (k.pt.memcgOf(x[0]) != (k.memcg == null ? 0 : k.memcg.objcg(1))) throw ModelFailure.of("ptdesc lost its memcg");
            sum += x[2] >>> 12 & 0xff;
            k.pt.set(x[0], (int) x[1], 0);
            k.pt.free(x[0]);
        }
        t.add("PTE checksum " + sum + ", tables left " + k.pt.tables(mm));
        k.pt.freeMm(mm);
        return 400;
    }
}
