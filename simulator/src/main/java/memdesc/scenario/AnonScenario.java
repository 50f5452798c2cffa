package memdesc.scenario;

import memdesc.rmap.Rmap;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Anonymous memory: four processes fault order-0 pages and order-2 mTHPs, one forks, and copy-on-write
 * faults copy or reuse; the data every process reads back is the trace.
 */
final class AnonScenario implements Scenario {
    @Override
    public String name() {
        return "anon";
    }

    @Override
    public List<String> users() {
        return List.of("rmap", "pgtable", "lru");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        List<Rmap.Proc> procs = new ArrayList<>();
        long ops = 0;
        for (int p = 0; p < 4; p++) {
            Rmap.Proc pr = k.rmap.spawn(k.group(1 + p % 2));
            for (int i = 0; i < 512; i += 4) {
                if (r.nextInt(100) < 25) {
                    k.rmap.fault(pr, i, 2);           // an order-2 mTHP over four PTEs
                    ops++;
                    continue;
                }
                for (int j = i; j < i + 4; j++) if (r.nextInt(100) < 40) {
                    k.rmap.fault(pr, j);
                    ops++;
                }
            }
            procs.add(pr);
        }
        Rmap.Proc child = k.rmap.fork(procs.get(0));
        procs.add(child);
        t.add("mapped after fork: " + k.rmap.mapped(procs.get(0)) + " / " + k.rmap.mapped(child));
        int copies = 0, reuses = 0;
        for (int i = 0; i < 300; i++) {
            Rmap.Proc pr = r.nextBoolean() ? child : procs.get(0);
            int at = r.nextInt(512);
            if (k.rmap.read(pr, at) == 0) continue;
            if (k.rmap.writeFault(pr, at, r.nextLong())) copies++;
            else reuses++;
            ops++;
        }
        t.add("COW copies " + copies + ", reuses " + reuses);
        long sum = 0;
        for (Rmap.Proc pr : procs) for (int i = 0; i < 512; i++) sum += k.rmap.read(pr, i) & 0xffff;
        t.add("data checksum " + sum);
        k.peak();
        for (Rmap.Proc pr : procs) k.rmap.exit(pr);
        return ops;
    }
}
