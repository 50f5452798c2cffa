package memdesc.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** page_pool: a network driver's ring of pages allocated, shared by fragments and recycled. */
final class PagePoolScenario implements Scenario {
    @Override
    public String name() {
        return "page_pool";
    }

    @Override
    public List<String> users() {
        return List.of("page_pool");
    }

    @Override
    public long run(Kernel k, SplittableRandom r, List<String> t) {
        List<Long> inflight = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            if (inflight.size() < 200 && (inflight.isEmpty() || r.nextInt(100) < 55)) {
                long d = k.pool.alloc();
                if (r.nextInt(4) == 0) {
                    k.pool.getRef(d);     // a second fragment
                    inflight.add(d);
                }
                inflight.add(d);
            } else {
                k.pool.put(inflight.remove(r.nextInt(inflight.size())));
            }
            if (i == 2500) k.peak();
        }
        for (long d : inflight) k.pool.put(d);
        t.add("from ring " + k.pool.fromRing() + ", from buddy " + k.pool.fromBuddy() + ", live " + k.pool.live());
        k.pool.drain();
        return 5000;
    }
}
